import * as assert from 'assert';
import * as vscode from 'vscode';
import type { KeyOutcome } from '../../src/auth/commands/setApiKey';
import type { ExtensionApi } from '../../src/extension';
import { STOCK_NOTICE } from '../../src/personas/stockNotice';
import { isPersonaUri, personaIdFromUri, personaUri } from '../../src/personas/uri';
import { FIXTURE_IDS } from '../server/fixtures';
import type { TavusServer } from '../server/tavusServer';
import { groupNode, rootNodes, useLocalServer, waitFor } from './support';

describe('Connection and key states', () => {
  let api: ExtensionApi;
  let server: TavusServer;

  useLocalServer((connected) => ({ api, server } = connected));
  after(async () => {
    await api.keys.set(server.apiKey);
  });
  beforeEach(async () => {
    server.reset();
    await api.keys.set(server.apiKey);
  });

  async function listedCount(): Promise<number> {
    await api.catalog.refresh();
    return api.catalog.personas().length;
  }

  it('Set API Key checks a key with one request and stores it when Tavus accepts it', async () => {
    const total = await listedCount();
    await api.keys.clear();
    server.reset();
    const outcome = await vscode.commands.executeCommand<KeyOutcome>('tavus.setApiKey', server.apiKey);
    assert.deepStrictEqual(outcome, { kind: 'accepted', personas: total });
    assert.strictEqual(server.requests.length, 1);
    assert.strictEqual(await api.keys.get(), server.apiKey);
  });

  it('Set API Key keeps the previous key when Tavus rejects the new one', async () => {
    const outcome = await vscode.commands.executeCommand<KeyOutcome>('tavus.setApiKey', 'not-a-valid-key');
    assert.strictEqual(outcome?.kind, 'rejected');
    assert.match(outcome.kind === 'rejected' ? outcome.reason : '', /401/);
    assert.strictEqual(await api.keys.get(), server.apiKey);
    assert.strictEqual(api.keys.rejected, false, 'a refused candidate does not mark the stored key');
  });

  it('a persona picker without a key offers Set API Key; picking it asks for the key, then lists the personas', async () => {
    const savedEnv = process.env.TAVUS_API_KEY;
    delete process.env.TAVUS_API_KEY;
    await api.keys.clear();
    const offered: string[][] = [];
    const real = api.questions.answerer;
    api.questions.answerer = {
      pick: async (items) => {
        offered.push(items.map((item) => item.label));
        return (
          items.find((item) => /Set an API key/.test(item.label)) ??
          items.find((item) => item.description === FIXTURE_IDS.maximal)
        );
      },
      input: async (options) => (options.password ? server.apiKey : undefined),
    };
    try {
      await vscode.commands.executeCommand('tavus.openPersona');
    } finally {
      api.questions.answerer = real;
      if (savedEnv !== undefined) process.env.TAVUS_API_KEY = savedEnv;
    }
    assert.deepStrictEqual(offered[0], ['$(key) Set an API key to list your personas']);
    assert.strictEqual(await api.keys.get(), server.apiKey);
    assert.ok(offered[1]!.length > 12, offered[1]!.join(', '));
    const open = vscode.window.activeTextEditor?.document.uri;
    assert.ok(open && isPersonaUri(open) && personaIdFromUri(open) === FIXTURE_IDS.maximal, open?.toString());
  });

  it('a stored key Tavus refuses empties the tree, so the welcome with Set API Key shows instead of Retry', async () => {
    await api.keys.set('a-wrong-key');
    await api.catalog.refresh();
    assert.strictEqual(api.catalog.current.kind, 'failed');
    assert.strictEqual(api.keys.rejected, true);
    assert.deepStrictEqual(await rootNodes(api), []);

    await api.keys.set(server.apiKey);
    assert.strictEqual(api.keys.rejected, false);
    await api.catalog.refresh();
    assert.strictEqual((await groupNode(api, 'stock')).personas.length, 12);
  });

  it('a failed refresh keeps the last listing, with a Retry row and the full reason in the view message', async () => {
    await api.catalog.refresh();
    server.injectFault({ status: 500, match: { path: '/v2/personas' }, times: Infinity });
    await vscode.commands.executeCommand('tavus.refreshPersonas');
    const nodes = await rootNodes(api);
    const first = nodes[0];
    assert.ok(first?.kind === 'message' && /^Refresh failed: Tavus answered 500/.test(first.label), JSON.stringify(first));
    assert.strictEqual(first.command?.command, 'tavus.refreshPersonas');
    assert.strictEqual((await groupNode(api, 'stock')).personas.length, 12);
    assert.match(api.tree.loadingMessage ?? '', /^Showing the list from \d\d:\d\d — refresh failed: Tavus answered 500/);

    server.clearFaults();
    await vscode.commands.executeCommand(first.command.command);
    assert.strictEqual((await rootNodes(api))[0]?.kind, 'group');
    assert.strictEqual(api.tree.loadingMessage, undefined);
  });

  it('Cancel Loading Personas stops a listing in progress', async () => {
    server.injectFault({ latencyMs: 5_000, match: { method: 'GET' }, times: Infinity });
    const listing = api.catalog.refresh();
    await waitFor(() => api.catalog.current.kind === 'loading', 'the listing to start');
    await vscode.commands.executeCommand('tavus.cancelLoading');
    await listing;
    const state = api.catalog.current;
    assert.ok(state.kind === 'failed' && /cancelled/.test(String(state.error)), state.kind);
  });

  it('the active filter is a row of its own, with a clear action', async () => {
    await api.catalog.refresh();
    api.tree.setFilter('sales');
    const first = (await rootNodes(api))[0];
    assert.ok(first?.kind === 'message' && first.label === 'Filter: sales' && first.contextValue === 'filter');
    await vscode.commands.executeCommand('tavus.clearPersonaFilter');
    assert.strictEqual((await rootNodes(api))[0]?.kind, 'group');
  });

  it('tooltips show values in code spans without Markdown escapes', async () => {
    await api.catalog.refresh();
    const mine = await api.tree.getChildren(await groupNode(api, 'mine'));
    const onboarding = mine.find((n) => n.kind === 'persona' && n.persona.persona_id === FIXTURE_IDS.onboarding)!;
    const tooltip = api.tree.resolveTreeItem(api.tree.getTreeItem(onboarding), onboarding).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /`tavus-gpt-oss`/);
    assert.ok(!tooltip.value.includes('`tavus\\-'), tooltip.value);
  });

  it('a stock persona says it is read-only on its first line, a persona of mine does not', async () => {
    await api.catalog.refresh();
    const lenses = async (id: string, name: string) => {
      const uri = personaUri(id, name);
      await vscode.window.showTextDocument(uri);
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return found.filter((lens) => lens.range.start.line === 0).map((lens) => lens.command?.title);
    };
    assert.deepStrictEqual(await lenses(FIXTURE_IDS.salesCoach, 'Sales Coach'), [STOCK_NOTICE]);
    assert.deepStrictEqual(await lenses(FIXTURE_IDS.onboarding, 'Onboarding Guide'), []);
  });
});
