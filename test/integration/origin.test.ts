import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Persona } from '../../src/core/json';
import { formatPersona } from '../../src/core/personaDocument';
import { personaUri } from '../../src/personas/uri';
import { replaceAllText } from '../../src/save/replaceText';
import type { ExtensionApi } from '../../src/extension';
import type { Services } from '../../src/services';
import type { WritePrompts } from '../../src/transaction/prompts';
import { FIXTURE_IDS } from '../server/fixtures';
import { startTavusServer, type TavusServer } from '../server/tavusServer';
import { ScriptedPrompts } from './scriptedPrompts';
import { closeAllEditors, setSetting, useLocalServer, waitFor } from './support';

/**
 * A document's save is diffed against the copy its text was made from, never against a later
 * fetch: another client's change must survive (issue: saves never undo someone else's change).
 */
describe('Each persona document has its own origin', () => {
  let services: Services;
  let server: TavusServer;
  let prompts: ScriptedPrompts;
  let realPrompts: WritePrompts;
  const id = FIXTURE_IDS.onboarding;
  // Document names carry the test's number: a document an earlier test closed can still be
  // loaded, and its late close or pending sync must not act on this test's document.
  let testNumber = 0;

  useLocalServer((connected) => ({ api: services, server } = connected));
  before(() => {
    realPrompts = services.save.transaction.prompts;
  });
  after(() => {
    services.save.transaction.prompts = realPrompts;
  });
  beforeEach(async () => {
    await closeAllEditors();
    testNumber++;
    server.reset();
    prompts = new ScriptedPrompts();
    services.save.transaction.prompts = prompts;
    await setSetting('confirmBeforeApply', true);
    await setSetting('guardWithTestOps', true);
  });

  async function open(name: string): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(personaUri(id, `${name} ${testNumber}`));
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('tavus.revertToServerVersion', document.uri);
    assert.strictEqual(document.getText(), formatPersona(server.getStored(id)!));
    return document;
  }

  /** A same-length edit: VS Code's own "file is newer" check cannot notice a change. */
  async function editReplica(document: vscode.TextDocument): Promise<string> {
    const persona = JSON.parse(document.getText()) as Persona;
    persona.default_replica_id = 'r00000000000';
    const text = formatPersona(persona);
    assert.ok(await replaceAllText(document, text));
    return text;
  }

  function changeModelElsewhere(): void {
    server.updateAsOtherClient(id, [{ op: 'replace', path: '/layers/llm/model', value: 'tavus-gpt-5.2' }]);
  }

  function patchBodies(): unknown[] {
    return server.requests.filter((r) => r.method === 'PATCH').map((r) => JSON.parse(r.body ?? '[]') as unknown);
  }

  async function saveCommand(document: vscode.TextDocument): Promise<boolean> {
    return (await vscode.commands.executeCommand<boolean>('tavus.savePersona', document.uri)) === true;
  }

  function model(): unknown {
    return (server.getStored(id)!.layers as { llm: { model: string } }).llm.model;
  }

  const refetches: Array<[string, (document: vscode.TextDocument) => Promise<unknown>]> = [
    ['Open Persona by ID', () => Promise.resolve(vscode.commands.executeCommand('tavus.openPersonaById', id))],
    ['opening the same persona in another tab', () => open('another tab')],
    ['refreshing the tree', () => Promise.resolve(vscode.commands.executeCommand('tavus.refreshPersonas'))],
  ];
  for (const [name, refetch] of refetches) {
    it(`after ${name}, a save merges instead of undoing the other client's change`, async () => {
      const document = await open('mine');
      const text = await editReplica(document);
      changeModelElsewhere();
      await refetch(document);
      assert.strictEqual(document.getText(), text, 'the dirty text is untouched');
      prompts.conflict = 'merge';
      server.requests.length = 0;
      assert.ok(await saveCommand(document));
      assert.strictEqual(prompts.conflicts.length, 1);
      assert.strictEqual(prompts.conflicts[0]!.canMerge, true);
      const sent = JSON.stringify(patchBodies());
      assert.doesNotMatch(sent, /layers\/llm\/model/, 'nothing of the other change is sent back');
      assert.strictEqual(server.getStored(id)!.default_replica_id, 'r00000000000');
      assert.strictEqual(model(), 'tavus-gpt-5.2');
      await waitFor(
        () => !document.isDirty && document.getText() === formatPersona(server.getStored(id)!),
        'the merged copy shown',
      );
    });
  }

  it('an updated_at equal to the origin is not an edit of a server-owned field, whatever Tavus holds now', async () => {
    const document = await open('mine');
    await editReplica(document);
    changeModelElsewhere();
    await vscode.commands.executeCommand('tavus.openPersonaById', id);
    prompts.conflict = 'cancel';
    assert.strictEqual(await saveCommand(document), false);
    assert.strictEqual(prompts.conflicts.length, 1, 'the conflict dialog, not a refusal of /updated_at');
    assert.strictEqual(patchBodies().length, 0);
  });

  it('overlapping changes name the pointer with both values and send nothing until the user chooses', async () => {
    const document = await open('mine');
    const persona = JSON.parse(document.getText()) as Persona;
    (persona.layers as { llm: { model: string } }).llm.model = 'tavus-claude-haiku-4.5';
    await replaceAllText(document, formatPersona(persona));
    changeModelElsewhere();
    server.requests.length = 0;
    prompts.conflict = 'cancel';
    assert.strictEqual(await saveCommand(document), false);
    const [conflict] = prompts.conflicts;
    assert.strictEqual(conflict?.canMerge, false);
    assert.match(conflict?.overlaps.join('\n') ?? '', /\/layers\/llm\/model.*tavus-claude-haiku-4\.5.*tavus-gpt-5\.2/);
    assert.strictEqual(patchBodies().length, 0);
    assert.ok(document.isDirty);
  });

  it('a persona without updated_at is guarded by values and merges too', async () => {
    const document = await vscode.workspace.openTextDocument(personaUri(FIXTURE_IDS.noUpdatedAt, 'no updated_at'));
    await vscode.window.showTextDocument(document);
    const persona = JSON.parse(document.getText()) as Persona;
    persona.system_prompt = 'Mine';
    await replaceAllText(document, formatPersona(persona));
    server.updateAsOtherClient(FIXTURE_IDS.noUpdatedAt, [{ op: 'add', path: '/context', value: 'Theirs' }]);
    prompts.conflict = 'merge';
    assert.ok(await saveCommand(document));
    assert.strictEqual(server.getStored(FIXTURE_IDS.noUpdatedAt)!.system_prompt, 'Mine');
    assert.strictEqual(server.getStored(FIXTURE_IDS.noUpdatedAt)!.context, 'Theirs');
  });

  it('a restored document whose origin cannot be established goes to the conflict flow', async () => {
    const document = await open('restored');
    await editReplica(document);
    changeModelElsewhere();
    // What a reload leaves: no origin in memory, and (here) no record of it either.
    services.origins.forget(document.uri);
    prompts.conflict = 'cancel';
    assert.strictEqual(await saveCommand(document), false);
    assert.strictEqual(prompts.conflicts[0]?.reason, 'unknownOrigin');
    assert.strictEqual(patchBodies().length, 0);
  });

  it('a restored document finds its origin from the record kept in workspace storage', async () => {
    const document = await open('restored');
    const origin = services.origins.get(document.uri)!;
    await editReplica(document);
    changeModelElsewhere();
    services.origins.dropFromMemory(document.uri);
    assert.strictEqual(services.origins.get(document.uri), undefined);
    prompts.conflict = 'merge';
    assert.ok(await saveCommand(document), `not saved: ${JSON.stringify(prompts.conflicts)}`);
    assert.strictEqual(prompts.conflicts[0]?.reason, 'changed');
    assert.strictEqual(model(), 'tavus-gpt-5.2');
    assert.strictEqual(server.getStored(id)!.default_replica_id, 'r00000000000');
    assert.notStrictEqual(origin, undefined);
  });

  it('a new base URL is another account: no server copy, origin or patch target of the previous one survives', async () => {
    const document = await open('account');
    const api = services as ExtensionApi;
    api.patches.targets.set(id, server.getStored(id)!);
    assert.ok(services.store.get(id) && services.origins.get(document.uri) && api.patches.targets.peek(id));
    const other = await startTavusServer();
    try {
      await setSetting('apiBaseUrl', other.url);
      await waitFor(() => services.store.get(id) === undefined, 'the server copies to be dropped');
      assert.strictEqual(services.origins.get(document.uri), undefined);
      assert.strictEqual(api.patches.targets.peek(id), undefined);
    } finally {
      await setSetting('apiBaseUrl', server.url);
      await other.close();
    }
  });
});
