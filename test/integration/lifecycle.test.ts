import * as assert from 'assert';
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../src/core/historyEntry';
import type { Persona } from '../../src/core/json';
import { formatPersona } from '../../src/core/personaDocument';
import { personaId } from '../../src/core/personaRules';
import type { CreateResult } from '../../src/lifecycle/creator';
import type { DeleteReport } from '../../src/lifecycle/deleter';
import { DRAFT_SCHEME } from '../../src/lifecycle/drafts';
import type { PersonaNode } from '../../src/personas/tree';
import { personaUri } from '../../src/personas/uri';
import type { Services } from '../../src/services';
import type { Notice } from '../../src/ui/notifier';
import { LIFECYCLE_FAULT_CASES, LIFECYCLE_FAULT_EXPECTATIONS } from '../faults/lifecycleMatrix';
import type { Expectation } from '../faults/matrix';
import { FIXTURE_IDS } from '../server/fixtures';
import type { TavusServer } from '../server/tavusServer';
import type { ScriptedPrompts } from './scriptedPrompts';
import { closeAllEditors, setSetting, useLocalServer, useScriptedAnswers, useScriptedPrompts, waitFor } from './support';

type PickAnswer = (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined;
type InputAnswer = (options: vscode.InputBoxOptions) => string | undefined;

describe('Persona lifecycle', () => {
  let services: Services;
  let server: TavusServer;
  let prompts: ScriptedPrompts;
  let notices: Notice[] = [];
  let subscription: vscode.Disposable;
  let picks: PickAnswer[] = [];
  let inputs: InputAnswer[] = [];
  const asked: string[] = [];

  useLocalServer((connected) => ({ api: services, server } = connected));
  useScriptedPrompts((scripted) => (prompts = scripted));
  useScriptedAnswers({
    pick: async <T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions) => {
      asked.push(options.placeHolder ?? '');
      const answer = picks.shift();
      assert.ok(answer, `unexpected pick: ${options.placeHolder}`);
      return answer(items) as T | undefined;
    },
    input: async (options) => {
      asked.push(options.prompt ?? '');
      const answer = inputs.shift();
      assert.ok(answer, `unexpected input: ${options.prompt}`);
      return answer(options);
    },
  });
  before(() => {
    subscription = services.notifier.onDidShow((notice) => notices.push(notice));
  });
  after(async () => {
    subscription.dispose();
    await setSetting('requestTimeoutSeconds', undefined);
  });
  beforeEach(async () => {
    await closeAllEditors();
    server.reset();
    notices = [];
    picks = [];
    inputs = [];
    asked.length = 0;
    await services.catalog.refresh();
    await services.history.history.clear();
  });

  const requests = (method: string) => server.requests.filter((r) => r.method === method && r.path.startsWith('/v2/personas'));
  const pickLabel =
    (text: string): PickAnswer =>
    (items) =>
      items.find((item) => item.label.includes(text));
  const openTabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
  const tabOf = (uri: vscode.Uri) =>
    openTabs().find((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString());
  const draftTabs = () =>
    openTabs().filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === DRAFT_SCHEME);
  const errors = () => notices.filter((n) => n.severity === 'error').map((n) => n.message);
  const warnings = () => notices.filter((n) => n.severity === 'warning').map((n) => n.message);
  const listedIds = () => services.catalog.personas().map(personaId);

  function personaNode(id: string): PersonaNode {
    const groups = services.catalog.groups()!;
    const mine = groups.mine.find((p) => personaId(p) === id);
    const stock = groups.stock.find((p) => personaId(p) === id);
    assert.ok(mine ?? stock, `${id} is not listed`);
    return { kind: 'persona', persona: (mine ?? stock)!, stock: stock !== undefined };
  }

  /** The draft the last command opened. */
  function activeDraft(): vscode.TextDocument {
    const document = vscode.window.activeTextEditor?.document;
    assert.strictEqual(document?.uri.scheme, DRAFT_SCHEME, 'a draft is the active editor');
    return document;
  }

  const draftValue = (): Persona => JSON.parse(activeDraft().getText()) as Persona;

  async function create(document = activeDraft()): Promise<CreateResult> {
    return await vscode.commands.executeCommand<CreateResult>('tavus.createPersonaFromDraft', document.uri);
  }

  async function edit(document: vscode.TextDocument, text: string): Promise<void> {
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), text));
  }

  async function newestEntry(): Promise<HistoryEntry> {
    await services.history.history.settled();
    const entries = await services.history.history.entries();
    assert.ok(entries.length > 0, 'the history has an entry');
    return entries[entries.length - 1]!;
  }

  /** A persona of the test's own, made directly through the API, listed in the tree. */
  async function disposablePersona(name: string): Promise<string> {
    const { persona_id: id } = await services.api.createPersona({ persona_name: name, system_prompt: 'Disposable.' });
    await services.catalog.refresh();
    return id;
  }

  async function deletePersonas(...ids: string[]): Promise<DeleteReport> {
    const nodes = ids.map(personaNode);
    return await vscode.commands.executeCommand<DeleteReport>('tavus.deletePersona', nodes[0], nodes);
  }

  /** The created persona is on Tavus as previewed, listed in the tree, open in its own document; the draft is closed. */
  function assertCreated(result: CreateResult, name: string): Persona {
    assert.strictEqual(result.kind, 'created', `created: ${errors().join(' | ')}`);
    if (result.kind !== 'created') throw new Error('not created');
    const stored = server.getStored(result.id)!;
    assert.strictEqual(stored.persona_name, name);
    assert.strictEqual(prompts.previews.at(-1)?.verb, 'Create');
    assert.strictEqual(prompts.previews.at(-1)?.serverText.trim(), '{}', 'the preview diffs against an empty document');
    assert.ok(listedIds().includes(result.id), 'the tree lists the new persona');
    assert.ok(
      services.catalog.groups()!.mine.some((p) => personaId(p) === result.id),
      'among My Personas',
    );
    const active = vscode.window.activeTextEditor!.document;
    assert.strictEqual(active.uri.toString(), personaUri(result.id, name).toString());
    assert.strictEqual(active.getText(), formatPersona(stored));
    assert.deepStrictEqual(draftTabs(), [], 'the draft is closed');
    const selected = services.tree.view?.selection ?? [];
    assert.ok(
      selected.some((node) => node.kind === 'persona' && personaId(node.persona) === result.id),
      'the tree selects it',
    );
    return stored;
  }

  describe('create', () => {
    it('New Persona… › Blank: a draft with a replica from the account, created on Save', async () => {
      picks.push(pickLabel('Blank'), (items) => items[0]);
      await vscode.commands.executeCommand('tavus.newPersona');
      const document = activeDraft();
      assert.match(document.uri.path, /\(draft, not on Tavus\)\.json$/);
      assert.strictEqual(document.languageId, 'tavus-persona');
      const draft = draftValue();
      assert.strictEqual(draft.pipeline_mode, 'full');
      assert.ok(typeof draft.default_replica_id === 'string' && draft.default_replica_id !== '');
      assert.strictEqual(requests('POST').length, 0, 'nothing is sent before the draft is saved');
      const stored = assertCreated(await create(), 'New Persona');
      assert.strictEqual(stored.default_replica_id, draft.default_replica_id);
      assert.strictEqual(requests('POST').length, 1);
      const entry = await newestEntry();
      assert.deepStrictEqual([entry.source.kind, entry.personaName, entry.result], ['create', 'New Persona', 'changed']);
    });

    it('Duplicate Persona… of an own persona: the name asked, fields Tavus sets left out', async () => {
      inputs.push((options) => {
        assert.strictEqual(options.value, 'Onboarding Guide (copy)');
        return 'Onboarding Twin';
      });
      await vscode.commands.executeCommand('tavus.duplicatePersona', personaNode(FIXTURE_IDS.onboarding));
      const draft = draftValue();
      for (const field of ['persona_id', 'created_at', 'updated_at', 'persona_type']) assert.ok(!(field in draft), field);
      const source = server.getStored(FIXTURE_IDS.onboarding)!;
      const stored = assertCreated(await create(), 'Onboarding Twin');
      assert.deepStrictEqual(stored.layers, source.layers);
      assert.strictEqual(stored.system_prompt, source.system_prompt);
      assert.strictEqual((await newestEntry()).source.kind, 'duplicate');
    });

    it('Duplicate Persona… of a stock persona makes an editable copy among My Personas', async () => {
      inputs.push(() => 'My Sales Coach');
      await vscode.commands.executeCommand('tavus.duplicatePersona', personaNode(FIXTURE_IDS.salesCoach));
      const result = await create();
      assertCreated(result, 'My Sales Coach');
      assert.strictEqual(await services.catalog.isStock(result.kind === 'created' ? result.id : ''), false);
    });

    it('Duplicate names masked secrets in the draft and in the preview', async () => {
      server.updateAsOtherClient(FIXTURE_IDS.maximal, [{ op: 'replace', path: '/layers/llm/api_key', value: 'sk-****abcd' }]);
      inputs.push(() => 'Clinic Copy');
      await vscode.commands.executeCommand('tavus.duplicatePersona', personaNode(FIXTURE_IDS.maximal));
      const draft = services.lifecycle.drafts.get(activeDraft().uri)!;
      assert.deepStrictEqual(
        draft.secrets.find((s) => s.pointer === '/layers/llm/api_key'),
        { pointer: '/layers/llm/api_key', state: 'masked' },
      );
      await create();
      assert.ok(prompts.previews[0]!.problems.some((p) => p.startsWith('/layers/llm/api_key came back masked from Tavus')));
      assert.ok(warnings().some((w) => /with masked secrets/.test(w)));
    });

    it('New Persona… › From a JSON file: the file’s persona without its ids', async () => {
      const folder = vscode.workspace.workspaceFolders![0]!.uri;
      const file = vscode.Uri.joinPath(folder, 'lifecycle-source.json');
      const source = { ...server.getStored(FIXTURE_IDS.onboarding)!, persona_name: 'From File' };
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(source)));
      try {
        picks.push(pickLabel('From a JSON file'), pickLabel('lifecycle-source.json'));
        await vscode.commands.executeCommand('tavus.newPersona');
        assert.ok(!('persona_id' in draftValue()));
        assertCreated(await create(), 'From File');
      } finally {
        await vscode.workspace.fs.delete(file);
      }
    });

    it('a refused, invalid or server-owned draft is not created and keeps its text, unsaved', async () => {
      picks.push(pickLabel('Blank'), (items) => items[0]);
      await vscode.commands.executeCommand('tavus.newPersona');
      const document = activeDraft();
      const cases: Array<[string, RegExp, string]> = [
        [JSON.stringify({ ...draftValue(), default_replica_id: 'r-not-mine' }), /Invalid replica_uuid/, 'failed'],
        ['{ "persona_name": ', /not valid JSON/, 'invalid'],
        [
          JSON.stringify({ ...JSON.parse(formatPersona(draftValue())), persona_id: 'p1' }),
          /persona_id is set by Tavus/,
          'serverOwned',
        ],
      ];
      for (const [text, message, reason] of cases) {
        await edit(document, text);
        notices = [];
        const result = await create(document);
        assert.deepStrictEqual(result, { kind: 'notCreated', reason });
        assert.match(errors().join('\n'), message);
        assert.match(errors().join('\n'), /The draft keeps its text/);
        assert.strictEqual(document.getText(), text);
        assert.ok(document.isDirty, 'still unsaved');
        assert.ok(tabOf(document.uri), 'the draft stays open');
      }
      assert.strictEqual(requests('POST').length, 1, 'only the valid body was sent');
    });

    it('a dropped answer to the POST is found by listing: the user is told it was created', async () => {
      picks.push(pickLabel('Blank'), (items) => items[0]);
      await vscode.commands.executeCommand('tavus.newPersona');
      server.injectFault({ kind: 'reset-after-body', match: { method: 'POST', path: '/v2/personas' } });
      assertCreated(await create(), 'New Persona');
      assert.ok(warnings().some((w) => /answer to the create was lost.*now lists a new persona "New Persona"/.test(w)));
      assert.strictEqual(requests('POST').length, 1, 'the POST is never retried');
    });
  });

  describe('delete', () => {
    it('deletes one persona after a modal naming it; backup, tree, editor, history', async () => {
      const id = await disposablePersona('Short Lived');
      await vscode.window.showTextDocument(personaUri(id, 'Short Lived'));
      const report = await deletePersonas(id);
      assert.deepStrictEqual(prompts.deletes, [[{ label: 'Short Lived', id }]]);
      assert.deepStrictEqual(report.deleted, [id]);
      assert.strictEqual(server.getStored(id), undefined);
      assert.ok(!listedIds().includes(id), 'gone from the tree');
      await waitFor(() => tabOf(personaUri(id, 'Short Lived')) === undefined, 'its clean editor to close');
      const [backup] = report.backups;
      assert.deepStrictEqual(
        [backup?.personaId, backup?.personaName, backup?.persona.system_prompt],
        [id, 'Short Lived', 'Disposable.'],
      );
      const info = notices.find((n) => n.severity === 'info' && /Deleted "Short Lived"/.test(n.message));
      assert.deepStrictEqual(info?.actions, ['Restore']);
      const entry = await newestEntry();
      assert.deepStrictEqual([entry.source.kind, entry.personaId, entry.personaName], ['delete', id, 'Short Lived']);
    });

    it('deletes several selected rows after one modal', async () => {
      const first = await disposablePersona('Gone One');
      const second = await disposablePersona('Gone Two');
      const report = await deletePersonas(first, second);
      assert.strictEqual(prompts.deletes.length, 1);
      assert.deepStrictEqual(
        prompts.deletes[0]!.map((t) => t.id),
        [first, second],
      );
      assert.deepStrictEqual(report.deleted, [first, second]);
      assert.ok(!listedIds().includes(first) && !listedIds().includes(second));
      assert.strictEqual(requests('DELETE').length, 2);
    });

    it('Cancel in the modal deletes nothing', async () => {
      const id = await disposablePersona('Kept');
      prompts.confirmDeletes = false;
      const report = await deletePersonas(id);
      assert.deepStrictEqual(report.deleted, []);
      assert.ok(server.getStored(id));
      assert.strictEqual(requests('DELETE').length, 0);
    });

    it('refuses a stock persona with a reason, without asking', async () => {
      const report = await deletePersonas(FIXTURE_IDS.salesCoach);
      assert.deepStrictEqual(report.refused, [FIXTURE_IDS.salesCoach]);
      assert.deepStrictEqual(prompts.deletes, []);
      assert.strictEqual(requests('DELETE').length, 0);
      assert.ok(warnings().some((w) => /stock personas cannot be deleted: "Sales Coach"/.test(w)));
    });

    it('a persona already gone (400) leaves the tree and is reported', async () => {
      const id = await disposablePersona('Already Gone');
      await fetch(`${server.url}/v2/personas/${id}`, { method: 'DELETE', headers: { 'x-api-key': server.apiKey } });
      const report = await deletePersonas(id);
      assert.deepStrictEqual(report.gone, [id]);
      assert.ok(warnings().some((w) => /"Already Gone" .* was already gone from Tavus/.test(w)));
      await waitFor(() => services.catalog.current.kind === 'ready' && !listedIds().includes(id), 'the tree without it');
    });

    it('a dirty editor of a deleted persona stays, and saving it offers Create as New Persona', async () => {
      const id = await disposablePersona('Edited Away');
      const document = await vscode.workspace.openTextDocument(personaUri(id, 'Edited Away'));
      const persona = JSON.parse(document.getText()) as Persona;
      await edit(document, formatPersona({ ...persona, system_prompt: 'Edited meanwhile.' }));
      await deletePersonas(id);
      assert.ok(tabOf(document.uri), 'the dirty editor stays open');
      assert.ok(document.isDirty);
      assert.strictEqual(await services.save.saver.save(document), false);
      const error = notices.find((n) => n.severity === 'error' && /deleted from Tavus/.test(n.message));
      assert.deepStrictEqual(error?.actions, ['Create as New Persona']);
      await vscode.commands.executeCommand('tavus.newPersona', document.uri);
      assert.deepStrictEqual(draftValue(), { persona_name: 'Edited Away', system_prompt: 'Edited meanwhile.' });
    });

    it('Restore creates the deleted persona again, and the history can revert the delete the same way', async () => {
      const id = await disposablePersona('Come Back');
      const report = await deletePersonas(id);
      const [restored] = await services.lifecycle.deleter.restore(report.backups);
      assert.strictEqual(restored?.kind, 'created');
      if (restored?.kind !== 'created') return;
      assert.notStrictEqual(restored.id, id, 'a new id');
      assert.strictEqual(server.getStored(restored.id)?.system_prompt, 'Disposable.');
      assert.ok(listedIds().includes(restored.id));
      assert.strictEqual((await newestEntry()).source.kind, 'restore');
      const entries = await services.history.history.entries();
      const deleteEntry = entries.find((e) => e.source.kind === 'delete')!;
      const again = await services.history.reverter.revert(deleteEntry);
      assert.strictEqual(again.kind, 'restored');
      assert.strictEqual(prompts.previews.at(-1)?.verb, 'Create');
    });
  });

  describe('under faults (never retried)', () => {
    function check(expect: Expectation, succeeded: boolean): void {
      assert.strictEqual(succeeded, expect.succeeds, `${expect.behaviour}: ${errors().join(' | ')}`);
      if (!expect.succeeds) assert.match(errors().join('\n'), expect.message!);
    }

    for (const c of LIFECYCLE_FAULT_CASES) {
      const expect = LIFECYCLE_FAULT_EXPECTATIONS[c.name]!;

      it(`create × ${c.name}`, async function () {
        this.timeout(40_000);
        const name = `Fault ${c.name}`;
        await services.lifecycle.creator.openDraft(
          { persona_name: name, system_prompt: 'Under a fault.' },
          { kind: 'create', name },
        );
        await setSetting('requestTimeoutSeconds', c.timeoutSeconds);
        server.injectFault({ ...c.fault, match: { method: 'POST', path: '/v2/personas' } });
        const result = await create();
        check(expect.create, result.kind === 'created');
        assert.strictEqual(requests('POST').length, 1, 'the POST is never retried');
        if (!expect.create.succeeds) {
          assert.match(errors().join('\n'), /Tavus lists no new persona named/);
          assert.strictEqual(draftTabs().length, 1, 'the draft stays open');
        }
        server.clearFaults();
        await setSetting('requestTimeoutSeconds', 10);
        if (!expect.create.succeeds) assert.strictEqual((await create()).kind, 'created', 'creating works once the fault clears');
      });

      it(`delete × ${c.name}`, async function () {
        this.timeout(40_000);
        const id = await disposablePersona(`Fault ${c.name}`);
        await setSetting('requestTimeoutSeconds', c.timeoutSeconds);
        server.injectFault({ ...c.fault, match: { method: 'DELETE', path: '/v2/personas' } });
        const report = await deletePersonas(id);
        check(expect.delete, report.deleted.includes(id));
        assert.strictEqual(requests('DELETE').length, 1, 'the DELETE is never retried');
        assert.strictEqual(listedIds().includes(id), !expect.delete.succeeds);
        server.clearFaults();
        await setSetting('requestTimeoutSeconds', 10);
        if (expect.delete.succeeds) return;
        // A request given up on (timeout) may still reach the sandbox and delete it meanwhile.
        const again = await deletePersonas(id);
        assert.deepStrictEqual([...again.deleted, ...again.gone], [id], 'deleting works once the fault clears');
      });
    }
  });
});
