import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Persona } from '../../src/core/json';
import { formatPersona } from '../../src/core/personaDocument';
import { personaUri } from '../../src/personas/uri';
import type { SaveEvent, SaveOutcome } from '../../src/save/personaSaver';
import { revertFields } from '../../src/save/revertFields';
import type { WritePrompts } from '../../src/transaction/prompts';
import type { Notice } from '../../src/ui/notifier';
import { replaceAllText } from '../../src/save/replaceText';
import type { Services } from '../../src/services';
import { FIXTURE_IDS } from '../server/fixtures';
import type { Fault, TavusServer } from '../server/tavusServer';
import { ScriptedPrompts } from './scriptedPrompts';
import { closeAllEditors, setSetting, useLocalServer, waitFor } from './support';

/** A save's outcome, and the messages the user was shown during it. */
interface SaveResult {
  outcome: SaveOutcome;
  message: string;
  notices: Notice[];
}

describe('Saving a persona', () => {
  let services: Services;
  let server: TavusServer;
  let prompts: ScriptedPrompts;
  let realPrompts: WritePrompts;
  let events: SaveEvent[];
  let notices: Notice[];
  let subscriptions: vscode.Disposable[];
  // Each test has a document of its own, named with its number: a document an earlier test closed
  // can still be loaded, and its late close or pending sync must not act on the next test's document.
  let testNumber = 0;

  useLocalServer((connected) => ({ api: services, server } = connected));
  before(() => {
    realPrompts = services.save.transaction.prompts;
    subscriptions = [
      services.save.saver.onDidFinishSave((event) => events.push(event)),
      services.notifier.onDidShow((notice) => notices.push(notice)),
    ];
  });
  after(async () => {
    services.save.transaction.prompts = realPrompts;
    subscriptions.forEach((s) => s.dispose());
    await setSetting('confirmBeforeApply', undefined);
    await setSetting('guardWithTestOps', undefined);
    await setSetting('requestTimeoutSeconds', undefined);
  });
  beforeEach(async () => {
    await closeAllEditors();
    server.reset();
    prompts = new ScriptedPrompts();
    services.save.transaction.prompts = prompts;
    events = [];
    notices = [];
    testNumber++;
    await setSetting('confirmBeforeApply', true);
    await setSetting('guardWithTestOps', true);
    await setSetting('requestTimeoutSeconds', 10);
  });

  /**
   * Opens the persona as the server has it now. A document from an earlier test may still be
   * loaded with its old base, and server.reset() is a change made elsewhere, so revert first.
   */
  async function open(id: string): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(personaUri(id, `doc ${testNumber}`));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('tavus.revertToServerVersion', document.uri);
    assert.strictEqual(document.getText(), formatPersona(stored(id)));
    server.requests.length = 0;
    return document;
  }

  async function edit(document: vscode.TextDocument, change: (persona: Persona) => void): Promise<string> {
    const persona = JSON.parse(document.getText()) as Persona;
    change(persona);
    const text = formatPersona(persona);
    assert.ok(await replaceAllText(document, text));
    return text;
  }

  /** Ctrl+S: the save command. */
  async function save(document: vscode.TextDocument): Promise<{ saved: boolean; event: SaveResult }> {
    events = [];
    notices = [];
    const saved = (await vscode.commands.executeCommand<boolean>('tavus.savePersona', document.uri)) === true;
    const event = await waitFor(() => events.find((e) => e.uri.toString() === document.uri.toString()), 'the save outcome');
    return { saved, event: { outcome: event.outcome, message: notices.map((n) => n.message).join('\n'), notices: [...notices] } };
  }

  async function expectSaved(document: vscode.TextDocument): Promise<SaveResult> {
    const { saved, event } = await save(document);
    assert.strictEqual(saved, true, `${event.outcome}: ${event.message}`);
    return event;
  }

  function stored(id: string = FIXTURE_IDS.onboarding): Persona {
    return server.getStored(id)!;
  }

  async function expectServerCopyShown(document: vscode.TextDocument, id: string = FIXTURE_IDS.onboarding): Promise<void> {
    await waitFor(
      () => !document.isDirty && document.getText() === formatPersona(stored(id)),
      'the document to show the server copy',
    );
  }

  function patches() {
    return server.requests.filter((r) => r.method === 'PATCH');
  }

  /** Saves with the PATCH held back `latencyMs`; between the freshness check and the PATCH, another client sets /context. */
  async function saveWhileContextChanges(
    document: vscode.TextDocument,
    context: string,
    latencyMs: number,
  ): ReturnType<typeof save> {
    server.injectFault({ latencyMs, match: { method: 'PATCH' } });
    const saving = save(document);
    await waitFor(() => server.requests.some((r) => r.method === 'GET'), 'the freshness check');
    server.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/context', value: context }]);
    return saving;
  }

  /** A failed save keeps every byte the user typed, and keeps the editor dirty. */
  function expectUntouched(document: vscode.TextDocument, text: string): void {
    assert.strictEqual(document.isDirty, true);
    assert.strictEqual(document.getText(), text);
  }

  it('sends the diff as a guarded PATCH, re-reads, and shows the server copy', async () => {
    const document = await open(FIXTURE_IDS.onboarding);
    const before = stored();
    await edit(document, (p) => (p.system_prompt = 'Be brief.'));
    const { saved, event } = await save(document);
    assert.strictEqual(saved, true);
    assert.strictEqual(event.outcome, 'applied');
    assert.strictEqual(stored().system_prompt, 'Be brief.');
    assert.deepStrictEqual(
      // Reference lists (replicas, tools…) load for the schema checks on the first edit; they are not the save's.
      server.requests.filter((r) => r.path.startsWith('/v2/personas')).map((r) => r.method),
      ['GET', 'PATCH', 'GET'],
      'at most three requests per save',
    );
    assert.deepStrictEqual(JSON.parse(patches()[0]!.body!), [
      { op: 'test', path: '/updated_at', value: before.updated_at },
      { op: 'replace', path: '/system_prompt', value: 'Be brief.' },
    ]);
    assert.strictEqual(prompts.previews.length, 1);
    assert.deepStrictEqual(prompts.previews[0]!.ops, [{ op: 'replace', path: '/system_prompt', value: 'Be brief.' }]);
    await expectServerCopyShown(document);
    assert.notStrictEqual(stored().updated_at, before.updated_at);
    assert.deepStrictEqual(services.store.get(FIXTURE_IDS.onboarding), stored());
  });

  it('updates the tree label after a rename', async () => {
    await services.catalog.refresh();
    const document = await open(FIXTURE_IDS.onboarding);
    await edit(document, (p) => (p.persona_name = 'Renamed Guide'));
    await expectSaved(document);
    await expectServerCopyShown(document);
    const renamed = services.catalog.personas().find((p) => p.persona_id === FIXTURE_IDS.onboarding);
    assert.strictEqual(renamed?.persona_name, 'Renamed Guide');
  });

  it('adds a tool to layers.llm.tools as one op', async () => {
    const document = await open(FIXTURE_IDS.maximal);
    const tool = { type: 'function', function: { name: 'lookup', description: 'Look up', parameters: { type: 'object' } } };
    await edit(document, (p) => ((p.layers as any).llm.tools as unknown[]).unshift(tool));
    await expectSaved(document);
    assert.deepStrictEqual(prompts.previews[0]!.ops, [{ op: 'add', path: '/layers/llm/tools/0', value: tool }]);
    assert.deepStrictEqual((stored(FIXTURE_IDS.maximal).layers as any).llm.tools[0], tool);
  });

  it('removes a whole layer', async () => {
    const document = await open(FIXTURE_IDS.maximal);
    await edit(document, (p) => delete (p.layers as any).perception);
    await expectSaved(document);
    assert.deepStrictEqual(prompts.previews[0]!.ops, [{ op: 'remove', path: '/layers/perception' }]);
    assert.strictEqual((stored(FIXTURE_IDS.maximal).layers as any).perception, undefined);
    await expectServerCopyShown(document, FIXTURE_IDS.maximal);
  });

  it('lists the schema problems the persona would still have above the ops in the preview', async () => {
    prompts.apply = 'cancel';
    const document = await open(FIXTURE_IDS.onboarding);
    await edit(document, (p) => ((p.layers as { tts: { tts_engine: string } }).tts.tts_engine = 'playhd'));
    await save(document);
    const [preview] = prompts.previews;
    assert.ok(preview, 'the preview was shown');
    assert.ok(
      preview.problems.some((problem) => /\/layers\/tts\/tts_engine/.test(problem)),
      preview.problems.join('\n'),
    );
  });

  it('sends nothing when nothing changed', async () => {
    const document = await open(FIXTURE_IDS.onboarding);
    await replaceAllText(document, JSON.stringify(JSON.parse(document.getText())));
    const { saved, event } = await save(document);
    assert.strictEqual(saved, true);
    assert.strictEqual(event.outcome, 'noChanges');
    assert.strictEqual(event.message, 'No changes to send.');
    assert.strictEqual(patches().length, 0);
  });

  it('keeps the editor dirty and sends nothing when the preview is cancelled', async () => {
    prompts.apply = 'cancel';
    const document = await open(FIXTURE_IDS.onboarding);
    const text = await edit(document, (p) => (p.context = 'Changed'));
    const { saved, event } = await save(document);
    assert.strictEqual(saved, false);
    assert.strictEqual(event.outcome, 'cancelled');
    expectUntouched(document, text);
    assert.strictEqual(patches().length, 0);
  });

  it('"Apply and Don\'t Ask Again" turns confirmation off; with it off there is no preview', async () => {
    prompts.apply = 'applyAndStopAsking';
    const document = await open(FIXTURE_IDS.onboarding);
    await edit(document, (p) => (p.context = 'One'));
    await expectSaved(document);
    assert.strictEqual(vscode.workspace.getConfiguration('tavus').get('confirmBeforeApply'), false);
    await expectServerCopyShown(document);
    events = [];
    await edit(document, (p) => (p.context = 'Two'));
    await expectSaved(document);
    assert.strictEqual(prompts.previews.length, 1);
    assert.strictEqual(stored().context, 'Two');
  });

  it('refuses invalid JSON with the line and column, and marks the spot', async () => {
    const document = await open(FIXTURE_IDS.onboarding);
    const text = document.getText().replace('"persona_name"', '"persona_name" oops');
    await replaceAllText(document, text);
    const { saved, event } = await save(document);
    assert.strictEqual(saved, false);
    assert.strictEqual(event.outcome, 'invalid');
    assert.match(event.message, /line 3, column \d+/);
    expectUntouched(document, text);
    const diagnostics = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Tavus');
    assert.strictEqual(diagnostics[0]!.range.start.line, 2);
    assert.strictEqual(patches().length, 0);
  });

  it('refuses a document that is not an object', async () => {
    const document = await open(FIXTURE_IDS.onboarding);
    await replaceAllText(document, '[1, 2]');
    const { saved, event } = await save(document);
    assert.strictEqual(saved, false);
    assert.match(event.message, /must be one JSON object/);
  });

  it('refuses edits to server-owned fields, and saves once the field is reverted', async () => {
    const document = await open(FIXTURE_IDS.onboarding);
    const text = await edit(document, (p) => {
      p.updated_at = '2030-01-01T00:00:00Z';
      p.context = 'Kept';
    });
    const { saved, event } = await save(document);
    assert.strictEqual(saved, false);
    assert.strictEqual(event.outcome, 'serverOwned');
    assert.match(event.message, /\/updated_at is set by Tavus/);
    expectUntouched(document, text);

    assert.ok(await revertFields(document.uri, services.store.get(FIXTURE_IDS.onboarding)!, ['/updated_at']));
    events = [];
    await expectSaved(document);
    assert.strictEqual(stored().context, 'Kept');
  });

  const failures: Array<[string, Fault, RegExp]> = [
    ['400', { status: 400, match: { method: 'PATCH' } }, /Tavus rejected the patch: Injected fault: HTTP 400/],
    ['422', { status: 422, match: { method: 'PATCH' } }, /Tavus rejected the patch: Injected fault: HTTP 422/],
    ['401', { status: 401, match: { method: 'PATCH' } }, /401/],
    ['500', { status: 500, match: { method: 'PATCH' } }, /500/],
    ['a reset connection', { kind: 'reset-before-body', match: { method: 'PATCH' } }, /connection/i],
    ['an HTML error page', { kind: 'html-error', match: { method: 'PATCH' } }, /HTML error page/],
  ];
  for (const [name, fault, message] of failures) {
    it(`keeps the user's text when Tavus answers ${name}`, async () => {
      const document = await open(FIXTURE_IDS.onboarding);
      const before = stored();
      const text = await edit(document, (p) => (p.context = `Edited before ${name}`));
      server.injectFault(fault);
      const { saved, event } = await save(document);
      assert.strictEqual(saved, false);
      assert.strictEqual(event.outcome, 'failed', event.message);
      assert.match(event.message, message);
      assert.match(event.message, /Your text is unchanged/);
      expectUntouched(document, text);
      assert.deepStrictEqual(stored(), before);
    });
  }

  it('saves on retry after a 500', async () => {
    const document = await open(FIXTURE_IDS.onboarding);
    await edit(document, (p) => (p.context = 'Second time lucky'));
    server.injectFault({ status: 500, match: { method: 'PATCH' } });
    assert.strictEqual((await save(document)).saved, false);
    events = [];
    await expectSaved(document);
    assert.strictEqual(stored().context, 'Second time lucky');
  });

  it('times out a PATCH that takes too long, keeping the text', async () => {
    await setSetting('requestTimeoutSeconds', 1);
    const document = await open(FIXTURE_IDS.onboarding);
    const text = await edit(document, (p) => (p.context = 'Slow'));
    server.injectFault({ latencyMs: 3_000, match: { method: 'PATCH' } });
    const { saved, event } = await save(document);
    assert.strictEqual(saved, false);
    assert.match(event.message, /did not answer within 1 s/);
    expectUntouched(document, text);
  });

  it('reports a patch that failed but changed the server as partly applied', async () => {
    const document = await open(FIXTURE_IDS.onboarding);
    const text = await edit(document, (p) => (p.context = 'Applied, then the line dropped'));
    server.injectFault({ kind: 'reset-after-body', match: { method: 'PATCH' } });
    const { saved, event } = await save(document);
    assert.strictEqual(saved, false);
    assert.strictEqual(event.outcome, 'failed');
    assert.match(event.message, /part of the patch may have been applied/);
    expectUntouched(document, text);
  });

  describe('when the persona changed on Tavus since it was opened', () => {
    async function openAndChangeElsewhere() {
      const document = await open(FIXTURE_IDS.onboarding);
      const text = await edit(document, (p) => (p.system_prompt = 'Mine'));
      server.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/context', value: 'Theirs' }]);
      return { document, text };
    }

    it('sends nothing and can be cancelled', async () => {
      const { document, text } = await openAndChangeElsewhere();
      const { saved, event } = await save(document);
      assert.strictEqual(saved, false);
      assert.strictEqual(event.outcome, 'conflict');
      assert.strictEqual(event.notices.length, 0, 'a Cancel at the conflict dialog is silent');
      assert.strictEqual(prompts.conflicts.length, 1);
      assert.strictEqual(prompts.conflicts[0]!.reason, 'changed');
      assert.strictEqual(patches().length, 0);
      expectUntouched(document, text);
    });

    it("Compare shows the server copy beside the user's", async () => {
      prompts.conflict = 'compare';
      const { document, text } = await openAndChangeElsewhere();
      assert.strictEqual((await save(document)).saved, false);
      assert.match(prompts.diffs[0]!, /Tavus now ↔ yours/);
      assert.strictEqual(
        prompts.diffLeftTexts[0],
        formatPersona(stored()),
        "the left side is Tavus's copy after the change elsewhere",
      );
      assert.strictEqual(JSON.parse(prompts.diffLeftTexts[0]).context, 'Theirs');
      expectUntouched(document, text);
    });

    it('Overwrite recomputes the ops from the server copy and sends the document as it is', async () => {
      prompts.conflict = 'overwrite';
      const { document } = await openAndChangeElsewhere();
      const { saved, event } = await save(document);
      assert.strictEqual(saved, true, event.message);
      assert.strictEqual(stored().system_prompt, 'Mine');
      assert.strictEqual(stored().context, 'Product: Acme Ledger. Plans: Free, Team, Enterprise.');
      assert.strictEqual(prompts.previews.length, 2, 'the recomputed ops are previewed again');
      await expectServerCopyShown(document);
    });
  });

  it('a change racing the check is caught by the test op and reported as a conflict', async () => {
    const document = await open(FIXTURE_IDS.onboarding);
    const text = await edit(document, (p) => (p.system_prompt = 'Mine'));
    const { saved, event } = await saveWhileContextChanges(document, 'Racing', 1_500);
    assert.strictEqual(saved, false);
    assert.strictEqual(event.outcome, 'conflict');
    assert.strictEqual(stored().context, 'Racing');
    assert.notStrictEqual(stored().system_prompt, 'Mine');
    expectUntouched(document, text);
  });

  it('reports 304 as "Tavus made no changes"', async () => {
    // Without test ops, a racing identical change leaves the PATCH nothing to do.
    await setSetting('guardWithTestOps', false);
    const document = await open(FIXTURE_IDS.onboarding);
    await edit(document, (p) => (p.context = 'Same on both sides'));
    const { saved, event } = await saveWhileContextChanges(document, 'Same on both sides', 1_000);
    assert.strictEqual(saved, true);
    assert.strictEqual(event.outcome, 'unchanged');
    assert.match(event.message, /Tavus made no changes/);
    await expectServerCopyShown(document);
  });

  it('auto-save never touches a persona document: no save, no message, still dirty; Ctrl+S then sends', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    await files.update('autoSaveDelay', 50, vscode.ConfigurationTarget.Global);
    const document = await open(FIXTURE_IDS.onboarding);
    try {
      assert.strictEqual(document.languageId, 'tavus-persona');
      assert.strictEqual(vscode.workspace.getConfiguration('files', document).get('autoSave'), 'off');
      const text = await edit(document, (p) => (p.context = 'Typed, not yet sent'));
      // Many auto-save delays: a negative can only be observed by waiting.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.deepStrictEqual(events, []);
      assert.deepStrictEqual(notices, []);
      expectUntouched(document, text);
      assert.strictEqual(patches().length, 0);
    } finally {
      await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
      await files.update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    }
    await expectSaved(document);
    assert.strictEqual(stored().context, 'Typed, not yet sent');
  });

  it("a save VS Code starts itself (File: Save) that is cancelled stays dirty without VS Code's save error", async () => {
    prompts.apply = 'cancel';
    const document = await open(FIXTURE_IDS.onboarding);
    const text = await edit(document, (p) => (p.context = 'Saved by VS Code'));
    const saved = await document.save();
    assert.strictEqual(saved, false, 'VS Code reports the document as not saved');
    await waitFor(
      () => events.some((e) => e.outcome === 'cancelled'),
      `the cancelled save (${JSON.stringify({ events, notices, saved })})`,
    );
    await waitFor(
      () => document.isDirty && document.getText() === text,
      'the document to be dirty again, with the text as typed',
    );
    assert.deepStrictEqual(notices, [], 'a Cancel is silent');
    assert.strictEqual(patches().length, 0);
  });

  it('Save All sends a dirty persona document through the same flow', async () => {
    const document = await open(FIXTURE_IDS.onboarding);
    await edit(document, (p) => (p.context = 'Saved with Save All'));
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await waitFor(() => events.some((e) => e.outcome === 'applied'), 'the save');
    assert.strictEqual(prompts.previews.length, 1);
    assert.strictEqual(stored().context, 'Saved with Save All');
    await expectServerCopyShown(document);
  });

  it('Revert to Server Version replaces the text with the server copy', async () => {
    const document = await open(FIXTURE_IDS.onboarding);
    await edit(document, (p) => (p.system_prompt = 'Throw this away'));
    server.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/context', value: 'Newer' }]);
    await vscode.commands.executeCommand('tavus.revertToServerVersion', document.uri);
    await expectServerCopyShown(document);
    assert.strictEqual(JSON.parse(document.getText()).context, 'Newer');
    assert.strictEqual(patches().length, 0);
  });

  it('Compare with Server Version diffs the current server copy against the document', async () => {
    const document = await open(FIXTURE_IDS.onboarding);
    server.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/context', value: 'Changed elsewhere' }]);
    await vscode.commands.executeCommand('tavus.compareWithServerVersion', document.uri);
    assert.match(prompts.diffs[0]!, /Onboarding Guide: Tavus ↔ yours/);
    assert.strictEqual(
      prompts.diffLeftTexts[0],
      formatPersona(stored()),
      "the left side is Tavus's current copy, not the one opened",
    );
    assert.strictEqual(JSON.parse(prompts.diffLeftTexts[0]).context, 'Changed elsewhere');
  });

  it('opens a real diff editor of the server copy against the document', async () => {
    const document = await open(FIXTURE_IDS.onboarding);
    await realPrompts.showDiff('Onboarding Guide: Tavus ↔ yours', '{}\n', document.uri);
    const diff = await waitFor(
      () =>
        vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff &&
        vscode.window.tabGroups.activeTabGroup.activeTab,
      'a diff tab',
    );
    const input = diff.input as vscode.TabInputTextDiff;
    assert.strictEqual(input.modified.toString(), document.uri.toString());
    assert.strictEqual((await vscode.workspace.openTextDocument(input.original)).getText(), '{}\n');
    assert.strictEqual(diff.label, 'Onboarding Guide: Tavus ↔ yours');
  });
});
