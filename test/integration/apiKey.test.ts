import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Services } from '../../src/services';
import type { TavusServer } from '../server/tavusServer';
import { groupNode, rootNodes, useLocalServer, waitFor } from './support';

describe('API key', () => {
  let services: Services;
  let server: TavusServer;
  const savedEnv = process.env.TAVUS_API_KEY;

  useLocalServer((connected) => ({ api: services, server } = connected));
  after(async () => {
    restoreEnv();
    await services.keys.set(server.apiKey);
  });
  beforeEach(() => server.reset());
  afterEach(restoreEnv);

  function restoreEnv(): void {
    if (savedEnv === undefined) delete process.env.TAVUS_API_KEY;
    else process.env.TAVUS_API_KEY = savedEnv;
  }

  /** The tree reloads by itself after a key change; wait until it shows groups or an error. */
  async function settledRoot() {
    return waitFor(async () => {
      const nodes = await rootNodes(services);
      const settled = nodes.length === 0 || nodes.some((n) => n.kind === 'group' || (n.kind === 'message' && n.icon === 'error'));
      return settled && services.catalog.current.kind !== 'loading' ? nodes : undefined;
    }, 'the tree to settle');
  }

  it('with no key stored or in the environment, shows the welcome view and sends nothing', async () => {
    delete process.env.TAVUS_API_KEY;
    await vscode.commands.executeCommand('tavus.clearApiKey');
    assert.strictEqual(await services.keys.source(), 'none');
    assert.deepStrictEqual(await rootNodes(services), []);
    assert.strictEqual(server.requests.length, 0);
  });

  it('uses TAVUS_API_KEY when nothing is stored', async () => {
    await services.keys.clear();
    process.env.TAVUS_API_KEY = server.apiKey;
    assert.strictEqual(await services.keys.source(), 'environment');
    await services.catalog.refresh();
    assert.strictEqual((await groupNode(services, 'stock')).personas.length, 12);
    assert.ok(server.requests.every((r) => r.authorized));
  });

  it('prefers the stored key over the environment and refreshes the tree when it changes', async () => {
    process.env.TAVUS_API_KEY = 'an-old-env-key';
    await services.keys.set('a-wrong-key');
    // Tavus refused it: the tree is empty so that the welcome with Set API Key shows.
    assert.deepStrictEqual(await settledRoot(), []);
    assert.strictEqual(services.keys.rejected, true);

    await services.keys.set(server.apiKey);
    await settledRoot();
    assert.strictEqual((await groupNode(services, 'stock')).personas.length, 12);
  });

  it('never writes the key into settings', async () => {
    await services.keys.set(server.apiKey);
    const settings = JSON.stringify(vscode.workspace.getConfiguration('tavus'));
    assert.ok(!settings.includes(server.apiKey));
  });
});
