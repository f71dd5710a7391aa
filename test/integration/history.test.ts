import * as assert from 'assert';
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../src/core/historyEntry';
import { historyAccount } from '../../src/core/historyFile';
import type { JsonObject, Persona } from '../../src/core/json';
import { formatPersona } from '../../src/core/personaDocument';
import { PushHistory } from '../../src/history/pushHistory';
import type { RevertResult } from '../../src/history/reverter';
import type { ApplyResult } from '../../src/patches/patchApplier';
import { personaUri } from '../../src/personas/uri';
import { replaceAllText } from '../../src/save/replaceText';
import type { Services } from '../../src/services';
import { parseBaseUrl } from '../../src/tavus/baseUrl';
import type { Notice } from '../../src/ui/notifier';
import { FIXTURE_IDS } from '../server/fixtures';
import type { TavusServer } from '../server/tavusServer';
import type { ScriptedPrompts } from './scriptedPrompts';
import { closeAllEditors, setSetting, useLocalServer, useScriptedPrompts } from './support';

const PROVIDER_KEY = 'sk-live-HISTORY-secret-5e1f';

describe('Push history', () => {
  let services: Services;
  let server: TavusServer;
  let prompts: ScriptedPrompts;
  let testNumber = 0;
  let notices: Notice[] = [];
  let subscription: vscode.Disposable;

  useLocalServer((connected) => ({ api: services, server } = connected));
  useScriptedPrompts((scripted) => (prompts = scripted));
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
    await services.history.history.clear();
  });

  const history = () => services.history.history;
  const stored = (id: string = FIXTURE_IDS.onboarding): Persona => server.getStored(id)!;
  const patches = () => server.requests.filter((r) => r.method === 'PATCH');

  /** The entries once every write so far is on disk, newest first. */
  async function entries(): Promise<HistoryEntry[]> {
    await history().settled();
    return [...(await history().entries())].reverse();
  }

  async function newestEntry(): Promise<HistoryEntry> {
    const [newest] = await entries();
    assert.ok(newest, 'the history has no entry');
    return newest;
  }

  /** A persona document of this test's own, showing the server copy. */
  async function open(id: string = FIXTURE_IDS.onboarding): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(personaUri(id, `history ${++testNumber}`));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('tavus.revertToServerVersion', document.uri);
    assert.strictEqual(document.getText(), formatPersona(stored(id)));
    return document;
  }

  async function saveWith(document: vscode.TextDocument, change: (persona: Persona) => void): Promise<void> {
    const persona = JSON.parse(document.getText()) as Persona;
    change(persona);
    assert.ok(await replaceAllText(document, formatPersona(persona)));
    assert.strictEqual(await vscode.commands.executeCommand('tavus.savePersona', document.uri), true, 'saved');
  }

  async function revert(entry: HistoryEntry): Promise<RevertResult> {
    server.requests.length = 0;
    return await vscode.commands.executeCommand<RevertResult>('tavus.revertHistoryEntry', { kind: 'entry', entry });
  }

  it('records a save, and Revert This Change puts the persona back through the preview, as an entry of its own', async () => {
    const original = stored();
    const document = await open();
    await saveWith(document, (p) => (p.context = 'Saved here'));
    const saved = await newestEntry();
    assert.strictEqual(saved.source.kind, 'save');
    assert.strictEqual(saved.source.name, document.uri.toString());
    assert.strictEqual(saved.personaId, FIXTURE_IDS.onboarding);
    assert.strictEqual(saved.personaName, original.persona_name);
    assert.strictEqual(saved.mode, 'planned');
    assert.strictEqual(saved.result, 'changed');
    assert.deepStrictEqual(saved.ops, [{ op: 'replace', path: '/context', value: 'Saved here' }]);
    assert.strictEqual(saved.updatedAtBefore, original.updated_at);
    assert.strictEqual(saved.updatedAtAfter, stored().updated_at);

    const outcome = await revert(saved);
    assert.strictEqual(outcome.kind, 'applied');
    assert.strictEqual(prompts.previews.at(-1)?.verb, 'Apply');
    assert.deepStrictEqual(prompts.previews.at(-1)?.ops, [{ op: 'replace', path: '/context', value: original.context }]);
    assert.strictEqual(JSON.parse(patches()[0]!.body!)[0].op, 'test', 'the revert is guarded');
    assert.deepStrictEqual({ ...stored(), updated_at: original.updated_at }, original);
    const reverted = await newestEntry();
    assert.strictEqual(reverted.source.kind, 'revert');
    assert.strictEqual(reverted.source.revertOf, saved.id);
    assert.strictEqual((await entries()).length, 2);
  });

  it('Revert Last Change to Persona… reverts the newest entry of the persona of the active document', async () => {
    const original = stored();
    const document = await open();
    await saveWith(document, (p) => (p.context = 'First'));
    await saveWith(document, (p) => (p.greeting = 'Second'));
    await history().settled();
    const outcome = await vscode.commands.executeCommand<RevertResult>('tavus.revertLastChange', document.uri);
    assert.strictEqual(outcome?.kind, 'applied');
    assert.strictEqual(stored().context, 'First');
    assert.strictEqual(stored().greeting, original.greeting);
  });

  it('records a patch-file apply, and reverts it', async () => {
    const original = stored();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const uri = vscode.Uri.joinPath(folder, `history-${++testNumber}.tavus-patch.json`);
    const ops =
      '[{ "op": "replace", "path": "/context", "value": "Patched" }, { "op": "add", "path": "/greeting", "value": "Hi" }]';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`// tavus-persona: ${FIXTURE_IDS.onboarding}\n${ops}`));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const result = await vscode.commands.executeCommand<ApplyResult>('tavus.applyPatchFile', uri);
    assert.strictEqual(result.kind, 'applied');
    const applied = await newestEntry();
    assert.strictEqual(applied.source.kind, 'patchFile');
    assert.strictEqual(applied.source.name, uri.toString());
    assert.deepStrictEqual(applied.ops, JSON.parse(ops));

    assert.strictEqual((await revert(applied)).kind, 'applied');
    assert.deepStrictEqual({ ...stored(), updated_at: original.updated_at }, original);
  });

  it('records an Overwrite, and its revert brings back what Tavus held before it', async () => {
    const document = await open();
    const theirs = server.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/context', value: 'Theirs' }]);
    prompts.conflict = 'overwrite';
    await saveWith(document, (p) => (p.context = 'Mine'));
    const overwrite = await newestEntry();
    assert.strictEqual(overwrite.mode, 'overwrite');
    assert.strictEqual(overwrite.before.context, 'Theirs');
    assert.strictEqual(stored().context, 'Mine');

    assert.strictEqual((await revert(overwrite)).kind, 'applied');
    assert.deepStrictEqual({ ...stored(), updated_at: theirs.updated_at }, theirs);
  });

  it('reverts only the fields not changed since, naming the others, and refuses when every field moved', async () => {
    const original = stored();
    const document = await open();
    await saveWith(document, (p) => {
      p.context = 'Mine';
      p.system_prompt = 'Mine too';
    });
    const saved = await newestEntry();
    server.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/context', value: 'Theirs' }]);

    assert.strictEqual((await revert(saved)).kind, 'applied');
    assert.deepStrictEqual(prompts.previews.at(-1)?.problems, ['/context changed since: left as it is now']);
    assert.ok(notices.some((n) => n.message.includes('Reverted only part') && n.message.includes('/context')));
    assert.strictEqual(stored().context, 'Theirs');
    assert.strictEqual(stored().system_prompt, original.system_prompt);

    server.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/system_prompt', value: 'Theirs too' }]);
    const refused = await revert(saved);
    assert.strictEqual(refused.kind, 'refused');
    assert.strictEqual(patches().length, 0);
    assert.strictEqual(stored().system_prompt, 'Theirs too');
  });

  it('keeps no secret value in the stored file, and a revert leaves secret fields alone', async () => {
    const document = await open(FIXTURE_IDS.maximal);
    const planted = JSON.stringify(stored(FIXTURE_IDS.maximal).layers);
    await saveWith(document, (p) => {
      const llm = (p.layers as JsonObject).llm as JsonObject;
      llm.api_key = PROVIDER_KEY;
      p.context = 'With a new key';
    });
    const saved = await newestEntry();
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile((await history().fileUri())!));
    const secrets = [PROVIDER_KEY, server.apiKey, ...plantedSecrets(planted)];
    for (const secret of secrets) assert.ok(!text.includes(secret), `the history file holds ${secret}`);
    assert.ok(text.includes('[redacted]'), 'the op that set the key is kept with a marker');

    assert.strictEqual((await revert(saved)).kind, 'applied');
    const llm = (stored(FIXTURE_IDS.maximal).layers as JsonObject).llm as JsonObject;
    assert.strictEqual(llm.api_key, PROVIDER_KEY, 'the revert did not touch the key');
    assert.ok(patches().every((p) => !p.body!.includes('api_key')));
  });

  it('survives the services being built again from the same storage, and leaves no temporary file behind', async () => {
    const document = await open();
    await saveWith(document, (p) => (p.context = 'Before the reload'));
    const kept = await entries();
    const file = (await history().fileUri())!;
    const folder = vscode.Uri.joinPath(file, '..');
    const account = async () => historyAccount(parseBaseUrl(server.url).href, server.apiKey);
    const reloaded = new PushHistory(folder, account, () => ({ maxEntries: 1000, maxBytes: 20 * 1024 * 1024 }), services.log);
    assert.deepStrictEqual([...(await reloaded.entries())].reverse(), kept);
    reloaded.dispose();
    const names = (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name);
    assert.deepStrictEqual(
      names.filter((name) => name.endsWith('.tmp')),
      [],
    );
  });

  it('Show History for Persona filters the view to the persona of the active document', async () => {
    await open(FIXTURE_IDS.echo);
    const document = await open();
    await saveWith(document, (p) => (p.context = 'Filtered'));
    await history().settled();
    await vscode.commands.executeCommand('tavus.showHistoryForPersona', document.uri);
    assert.strictEqual(services.history.view.filter, FIXTURE_IDS.onboarding);
    const rows = await services.history.view.getChildren();
    assert.deepStrictEqual(
      rows.map((row) => row.kind),
      ['filter', 'persona'],
    );
    await vscode.commands.executeCommand('tavus.showPushHistory');
    assert.strictEqual(services.history.view.filter, '');
  });

  it('the persona tooltip says when it was last changed here', async () => {
    const document = await open();
    await saveWith(document, (p) => (p.context = 'Tooltip'));
    const saved = await newestEntry();
    const node = { kind: 'persona', persona: stored(), stock: false } as const;
    const item = services.tree.resolveTreeItem(services.tree.getTreeItem(node), node);
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.ok(tooltip.includes(`Last changed here: \`${new Date(saved.time).toLocaleString()}\``), tooltip);
  });

  it('Copy as Patch File writes the ops with the target header, leaving out secret values', async () => {
    const document = await open(FIXTURE_IDS.maximal);
    await saveWith(document, (p) => {
      ((p.layers as JsonObject).llm as JsonObject).api_key = PROVIDER_KEY;
      p.context = 'Copied';
    });
    const saved = await newestEntry();
    const uri = await vscode.commands.executeCommand<vscode.Uri>('tavus.copyHistoryEntryAsPatch', {
      kind: 'entry',
      entry: saved,
    });
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.ok(text.startsWith(`// tavus-persona: ${FIXTURE_IDS.maximal}\n`));
    assert.ok(!text.includes(PROVIDER_KEY) && !text.includes('[redacted]'));
    assert.match(text, /"path": "\/context"/);
  });

  it('opens a diff of the persona before and after an entry', async () => {
    const document = await open();
    await saveWith(document, (p) => (p.context = 'Diffed'));
    const saved = await newestEntry();
    await vscode.commands.executeCommand('tavus.showHistoryEntryChange', { kind: 'entry', entry: saved });
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(input instanceof vscode.TabInputTextDiff);
    const [before, after] = await Promise.all([
      vscode.workspace.openTextDocument(input.original),
      vscode.workspace.openTextDocument(input.modified),
    ]);
    assert.strictEqual(JSON.parse(before.getText()).context, saved.before.context);
    assert.strictEqual(JSON.parse(after.getText()).context, 'Diffed');
  });
});

/** The non-empty secret strings of the fixture's layers, as planted in the sandbox. */
function plantedSecrets(layersJson: string): string[] {
  return [...layersJson.matchAll(/"(?:api_key|Authorization)":"([^"]+)"/g)].map((match) => match[1]!);
}
