import * as assert from 'assert';
import * as vscode from 'vscode';
import { personaId, personaLabel } from '../../src/core/personaRules';
import { personaUri } from '../../src/personas/uri';
import type { Services } from '../../src/services';
import { startTavusServer, type TavusServer } from '../server/tavusServer';
import { groupNode, setSetting, useLocalServer, waitFor } from './support';

describe('Connections', () => {
  let services: Services;
  let staging: TavusServer;
  let production: TavusServer;

  useLocalServer((connected) => ({ api: services, server: staging } = connected));
  before(async () => {
    production = await startTavusServer({ apiKey: 'production-key' });
    await services.connections.storeKey('production', production.apiKey);
    await setSetting('connections', [{ name: 'production', baseUrl: production.url }]);
  });
  after(async () => {
    await vscode.commands.executeCommand('tavus.switchConnection', 'default');
    await setSetting('connections', []);
    await services.connections.deleteKey('production');
    await production.close();
  });

  /** Every request each server saw carried its own key: a key of the other never reached it. */
  function assertOwnKeysOnly(): void {
    assert.ok(
      staging.requests.every((r) => r.authorized),
      'staging saw only its own key',
    );
    assert.ok(
      production.requests.every((r) => r.authorized),
      'production saw only its own key',
    );
  }

  it('a new base URL of the active connection resets each account cache once, through onDidSwitch; of another, not at all', async () => {
    await vscode.commands.executeCommand('tavus.switchConnection', 'default');
    const counts = { configChanges: 0, switches: 0, catalog: 0, history: 0, conversations: 0 };
    /** Counts a cache's resets; undone in `finally`, where the prototype's reset shows through again. */
    const countResets = (target: { reset(): void }, name: 'catalog' | 'history' | 'conversations') => {
      const real = target.reset;
      target.reset = () => {
        counts[name] += 1;
        real.call(target);
      };
      return () => delete (target as { reset?: () => void }).reset;
    };
    const undo = [
      countResets(services.catalog, 'catalog'),
      countResets(services.history.history, 'history'),
      countResets(services.conversations.tracker, 'conversations'),
    ];
    // Subscribed last, so every listener of the extension has run when this one does.
    const listening = [
      services.connections.onDidSwitch(() => (counts.switches += 1)),
      services.config.onDidChange(() => (counts.configChanges += 1)),
    ];
    /** Changes a setting and waits until the extension has heard of it; the counts then are final. */
    const change = async (name: string, value: unknown) => {
      const before = counts.configChanges;
      await setSetting(name, value);
      await waitFor(() => counts.configChanges > before, `the change of tavus.${name}`);
    };
    try {
      await change('apiBaseUrl', `${staging.url}/`);
      assert.deepStrictEqual(counts, { configChanges: 1, switches: 1, catalog: 1, history: 1, conversations: 1 });
      await change('apiBaseUrl', staging.url);
      assert.deepStrictEqual(counts, { configChanges: 2, switches: 2, catalog: 2, history: 2, conversations: 2 });
      assert.strictEqual(services.connections.active.baseUrl, staging.url);

      // A new page size is no other account, but still another listing: one reset, and no switch.
      await change('pageSize', 50);
      await change('pageSize', undefined);
      assert.deepStrictEqual(counts, { configChanges: 4, switches: 2, catalog: 4, history: 4, conversations: 4 });

      await vscode.commands.executeCommand('tavus.switchConnection', 'production');
      assert.deepStrictEqual(counts, { configChanges: 4, switches: 3, catalog: 5, history: 5, conversations: 5 });
      await change('apiBaseUrl', `${staging.url}/`);
      await change('apiBaseUrl', staging.url);
      assert.deepStrictEqual(counts, { configChanges: 6, switches: 3, catalog: 5, history: 5, conversations: 5 });
    } finally {
      for (const subscription of listening) subscription.dispose();
      for (const restore of undo) restore();
      await vscode.commands.executeCommand('tavus.switchConnection', 'default');
    }
  });

  it('switching disposes everything of the previous connection, and its documents are neither read nor saved', async () => {
    await services.catalog.refresh();
    const persona = (await groupNode(services, 'mine')).personas[0]!;
    const id = personaId(persona)!;
    const uri = personaUri(id, personaLabel(persona), 'default');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    assert.ok(services.origins.get(uri) && services.store.get(id), 'the open document has its origin');
    staging.reset();
    production.reset();

    assert.strictEqual(await vscode.commands.executeCommand('tavus.switchConnection', 'production'), 'production');
    assert.strictEqual(services.connections.active.baseUrl, production.url);
    assert.strictEqual(services.origins.get(uri), undefined, 'document origins are gone');
    assert.strictEqual(services.store.get(id), undefined, 'server copies are gone');
    assert.notStrictEqual(services.catalog.current.kind, 'ready', 'the listing is gone');

    await services.catalog.refresh();
    await waitFor(() => services.catalog.current.kind === 'ready', 'the production listing');
    assert.ok(production.requests.length > 0);

    // The staging document stays open with its text, and is neither read again nor saved anywhere.
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), '  "context": "edited",\n'));
    const shown: string[] = [];
    const listening = services.notifier.onDidShow((notice) => shown.push(notice.message));
    try {
      await vscode.commands.executeCommand('tavus.savePersona', uri);
    } finally {
      listening.dispose();
    }
    assert.ok(document.isDirty, 'the text stays, unsaved');
    assert.match(shown.join('\n'), /belongs to the Tavus connection "default", but "production" is active/);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(uri)), /Switch Connection/);
    assert.ok(!production.requests.some((r) => r.method === 'PATCH' || r.path.includes(id)), 'production never heard of it');
    assert.strictEqual(staging.requests.length, 0, 'staging is not asked while production is active');
    assertOwnKeysOnly();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('commands invoked on another connection’s document refuse it instead of asking the active server for its id', async () => {
    await vscode.commands.executeCommand('tavus.switchConnection', 'default');
    await services.catalog.refresh();
    const persona = (await groupNode(services, 'mine')).personas[0]!;
    const id = personaId(persona)!;
    const uri = personaUri(id, personaLabel(persona), 'default');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    assert.strictEqual(await vscode.commands.executeCommand('tavus.switchConnection', 'production'), 'production');
    production.reset();
    const shown: string[] = [];
    const listening = services.notifier.onDidShow((notice) => shown.push(notice.message));
    try {
      await vscode.commands.executeCommand('tavus.editFieldAsText', uri, '/system_prompt');
      await vscode.commands.executeCommand('tavus.showHistoryForPersona', uri);
      await vscode.commands.executeCommand('tavus.startTestConversation', uri);
    } finally {
      listening.dispose();
    }
    const refusals = shown.filter((message) =>
      /belongs to the Tavus connection "default", but "production" is active/.test(message),
    );
    assert.strictEqual(refusals.length, 3, `each command said why: ${shown.join(' | ')}`);
    assert.ok(!production.requests.some((r) => r.path.includes(id)), 'production was never asked for the default persona');
    assertOwnKeysOnly();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a client opened for a named connection talks to that connection only, with its key', async () => {
    await vscode.commands.executeCommand('tavus.switchConnection', 'default');
    await services.catalog.refresh();
    staging.reset();
    production.reset();
    const client = await services.connections.openClient('production');
    try {
      assert.ok((await client.api.listPersonas({})).personas.length > 0);
    } finally {
      client.dispose();
    }
    assert.ok(production.requests.length > 0, 'the client asked production although "default" is active');
    assertOwnKeysOnly();
  });

  it('removing the active connection switches back to "default"', async () => {
    await vscode.commands.executeCommand('tavus.switchConnection', 'production');
    await services.connections.remove('production');
    await waitFor(() => services.connections.active.name === 'default', 'the switch back to default');
    assert.strictEqual(await services.connections.storedKey('production'), undefined, 'its key is deleted');
    await services.connections.storeKey('production', production.apiKey);
    await setSetting('connections', [{ name: 'production', baseUrl: production.url }]);
  });
});
