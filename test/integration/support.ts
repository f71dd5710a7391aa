import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { Services } from '../../src/services';
import type { PersonaNode } from '../../src/personas/tree';
import type { WritePrompts } from '../../src/transaction/prompts';
import type { Answerer } from '../../src/ui/questions';
import { startTavusServer, type TavusServer } from '../server/tavusServer';
import { ScriptedPrompts } from './scriptedPrompts';

export const EXTENSION_ID = 'tavus-persona-tools.tavus-persona-editor';

export async function activateExtension(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/**
 * For the suite it is called in: before its tests, activates the extension and points it at a local
 * Tavus server of the suite's own (handed to `use`); after them, closes every editor and the server.
 * Hooks run in the order they are declared, so the suite's own before hooks can use what `use` got.
 */
export function useLocalServer(use: (connected: { api: ExtensionApi; server: TavusServer }) => void): void {
  let server: TavusServer | undefined;
  before(async () => {
    const api = await activateExtension();
    server = await connectToLocalServer(api);
    use({ api, server });
  });
  after(async () => {
    await closeAllEditors();
    await server?.close();
  });
}

/**
 * Every write's questions answered by a fresh ScriptedPrompts per test (handed to `use`), and the
 * transaction's real prompts back after the suite. Declare it after useLocalServer.
 */
export function useScriptedPrompts(use: (prompts: ScriptedPrompts) => void): void {
  let services: ExtensionApi;
  let real: WritePrompts;
  before(async () => {
    services = await activateExtension();
    real = services.save.transaction.prompts;
  });
  beforeEach(() => {
    const prompts = new ScriptedPrompts();
    services.save.transaction.prompts = prompts;
    use(prompts);
  });
  after(() => {
    services.save.transaction.prompts = real;
  });
}

/**
 * The persona pickers' and input boxes' questions answered by `answerer` for the suite it is called
 * in (the extension host cannot type into VS Code's quick input), and the real answerer back after it.
 */
export function useScriptedAnswers(answerer: Answerer): void {
  let services: ExtensionApi;
  let real: Answerer;
  before(async () => {
    services = await activateExtension();
    real = services.questions.answerer;
    services.questions.answerer = answerer;
  });
  after(() => {
    services.questions.answerer = real;
  });
}

/** A local Tavus server, with the extension pointed at it and its key stored. */
async function connectToLocalServer(services: Services): Promise<TavusServer> {
  const server = await startTavusServer();
  await setSetting('apiBaseUrl', server.url);
  await setSetting('requestTimeoutSeconds', 10);
  await services.keys.set(server.apiKey);
  return server;
}

export async function setSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tavus').update(name, value, vscode.ConfigurationTarget.Global);
}

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function rootNodes(services: Services): Promise<PersonaNode[]> {
  return services.tree.getChildren();
}

export async function groupNode(services: Services, group: 'mine' | 'stock') {
  const node = (await rootNodes(services)).find((n) => n.kind === 'group' && n.group === group);
  if (!node || node.kind !== 'group') throw new Error(`no ${group} group in the tree`);
  return node;
}

/**
 * Reverts every dirty editor, then closes them all: closing a dirty editor would ask whether to
 * save it, and a save answered in the background would run into the next test.
 */
export async function closeAllEditors(): Promise<void> {
  for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
    if (!tab.isDirty || !(tab.input instanceof vscode.TabInputText)) continue;
    await vscode.window.showTextDocument(tab.input.uri, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** A loopback server answering with JSON of the test's choosing, for shapes the sandbox never sends. */
export async function serveJson(bodyFor: (url: URL) => unknown): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const body = bodyFor(new URL(req.url ?? '/', 'http://127.0.0.1'));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
