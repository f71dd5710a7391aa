import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { Persona } from '../../src/core/json';
import { formatPersona } from '../../src/core/personaDocument';
import { personaUri } from '../../src/personas/uri';
import type { WritePrompts } from '../../src/transaction/prompts';
import { replaceAllText } from '../../src/save/replaceText';
import { FIXTURE_IDS } from '../server/fixtures';
import { startTavusServer, type TavusServer } from '../server/tavusServer';
import { activateExtension, closeAllEditors, setSetting, waitFor } from './support';

const API_KEY = 'tvs-RECOGNISABLE-key-5f2c9e';
const PROVIDER_KEY = 'sk-live-PROVIDER-secret-77a1';
const BEARER = 'Bearer HEADER-token-0c3d';

describe('Secrets stay secret through a whole session', () => {
  let api: ExtensionApi;
  let server: TavusServer;
  let realPrompts: WritePrompts;
  const messages: string[] = [];

  before(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    server = await startTavusServer({ apiKey: API_KEY });
    await setSetting('apiBaseUrl', server.url);
    realPrompts = api.save.transaction.prompts;
    api.save.transaction.prompts = {
      confirmApply: async () => 'apply',
      confirmDelete: async () => false,
      resolveMoved: async () => 'cancel',
      showDiff: async () => undefined,
    };
    // Every notification, modal question and status message the user sees.
    const subscription = api.notifier.onDidShow((notice) =>
      messages.push(notice.detail === undefined ? notice.message : `${notice.message}\n${notice.detail}`),
    );
    try {
      await runSession();
    } finally {
      subscription.dispose();
    }
  });
  after(async () => {
    api.save.transaction.prompts = realPrompts;
    await closeAllEditors();
    await server.close();
  });

  /** Set the key, list, open, a save that puts provider secrets in, a failing save, a listing failure, a failing reload. */
  async function runSession(): Promise<void> {
    await vscode.commands.executeCommand('tavus.setApiKey', API_KEY);
    await api.catalog.refresh();
    const document = await vscode.workspace.openTextDocument(personaUri(FIXTURE_IDS.maximal, 'secrets'));
    await vscode.commands.executeCommand('tavus.revertToServerVersion', document.uri);
    const persona = JSON.parse(document.getText()) as Persona;
    const llm = (persona.layers as Persona).llm as Persona;
    llm.api_key = PROVIDER_KEY;
    llm.headers = { Authorization: BEARER };
    await replaceAllText(document, formatPersona(persona));
    assert.strictEqual(await vscode.commands.executeCommand('tavus.savePersona', document.uri), true, messages.join('\n'));
    const stored = formatPersona(server.getStored(FIXTURE_IDS.maximal)!);
    await waitFor(() => !document.isDirty && document.getText() === stored, 'the document to show the saved copy');

    const saved = JSON.parse(document.getText()) as Persona;
    await replaceAllText(document, formatPersona({ ...saved, context: `uses ${PROVIDER_KEY}` }));
    server.injectFault({ status: 422, match: { method: 'PATCH' } });
    assert.strictEqual(await vscode.commands.executeCommand('tavus.savePersona', document.uri), false);

    server.injectFault({ status: 401, match: { method: 'GET' }, times: Number.POSITIVE_INFINITY });
    await api.catalog.refresh();
    server.clearFaults();

    // The error notification waits for its buttons, so the command is not awaited.
    server.injectFault({ status: 500, match: { method: 'GET' }, times: Number.POSITIVE_INFINITY });
    void vscode.commands.executeCommand('tavus.revertToServerVersion', document.uri);
    await waitFor(() => messages.some((m) => m.startsWith('Could not reload the persona')), 'the reload error');
    server.clearFaults();
    await vscode.commands.executeCommand('tavus.revertToServerVersion', document.uri);
  }

  function filesUnder(root: string): string[] {
    if (!fs.existsSync(root)) return [];
    return fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .map((f) => path.join(root, f))
      .filter((f) => fs.statSync(f).isFile());
  }

  it('sent the API key to the server, so the session really used it', () => {
    assert.ok(server.requests.some((r) => r.authorized));
    assert.ok((server.getStored(FIXTURE_IDS.maximal)!.layers as any).llm.api_key === PROVIDER_KEY);
  });

  it('never writes the API key or a persona secret into the log', async () => {
    const logs = filesUnder(path.dirname(api.logUri.fsPath)).filter((f) => f.endsWith('.log'));
    const tavusLog = logs.filter((f) => /Tavus/.test(path.basename(f)));
    assert.ok(tavusLog.length > 0, `the Tavus log exists among ${logs.length} log files`);
    const text = tavusLog.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    assert.match(text, /PATCH \/v2\/personas\/p91f0d2c6ab47/, 'the log records the PATCH');
    assert.match(text, /\[redacted\]/, 'secret values in the logged ops are redacted');
    for (const secret of [API_KEY, PROVIDER_KEY, 'HEADER-token-0c3d']) {
      assert.ok(!text.includes(secret), `log contains ${secret}`);
    }
  });

  it('never puts a secret into a message, whichever command showed it', () => {
    for (const expected of [/^Key accepted/, /Tavus rejected the patch/, /^Could not reload the persona/]) {
      assert.ok(
        messages.some((m) => expected.test(m)),
        `${expected}: ${messages.join('\n')}`,
      );
    }
    for (const message of messages) {
      for (const secret of [API_KEY, PROVIDER_KEY]) assert.ok(!message.includes(secret), message);
    }
    const state = api.catalog.current;
    assert.ok(state.kind !== 'failed' || !String(state.error).includes(API_KEY));
  });

  it('never puts the API key into a file the extension writes or a document URI', () => {
    const folders = [api.logUri, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
    for (const file of folders.flatMap((uri) => filesUnder(path.dirname(uri.fsPath)))) {
      assert.ok(!fs.readFileSync(file).includes(API_KEY), `${file} contains the API key`);
    }
    for (const document of vscode.workspace.textDocuments) assert.ok(!document.uri.toString().includes(API_KEY));
  });

  it('keeps the key out of settings', () => {
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration()).includes(API_KEY));
  });
});
