import * as assert from 'assert';
import * as vscode from 'vscode';
import { personaId } from '../../src/core/personaRules';
import type { Services } from '../../src/services';
import { personaUri } from '../../src/personas/uri';
import { FIXTURE_IDS } from '../server/fixtures';
import type { TavusServer } from '../server/tavusServer';
import { closeAllEditors, groupNode, rootNodes, serveJson, setSetting, useLocalServer, waitFor } from './support';

describe('Persona explorer', () => {
  let services: Services;
  let server: TavusServer;

  useLocalServer((connected) => ({ api: services, server } = connected));
  beforeEach(async () => {
    server.reset();
    services.tree.setFilter('');
    await services.catalog.refresh();
  });

  function idsOf(node: Awaited<ReturnType<typeof groupNode>>): string[] {
    return node.personas.map((p) => personaId(p)!);
  }

  it('lists every persona exactly once, stock personas only under Stock Personas', async () => {
    const mine = await groupNode(services, 'mine');
    const stock = await groupNode(services, 'stock');
    const all = [...idsOf(mine), ...idsOf(stock)];
    assert.strictEqual(new Set(all).size, all.length, 'no persona appears twice');
    const listed = server.requests.find((r) => r.path === '/v2/personas' && !r.query.persona_type);
    assert.ok(listed);
    assert.ok(all.length >= 260, `all personas listed (${all.length})`);
    assert.ok(idsOf(stock).includes(FIXTURE_IDS.salesCoach));
    assert.strictEqual(idsOf(stock).length, 12);
    assert.ok(!idsOf(mine).includes(FIXTURE_IDS.salesCoach));
    assert.ok(idsOf(mine).includes(FIXTURE_IDS.hidden), 'a persona in neither filtered list is under My Personas');
    assert.ok(idsOf(mine).includes(FIXTURE_IDS.pal), 'a PAL-era persona (pal_id) is listed');
  });

  it('labels personas with their name, id and a tooltip with model, replica and updated_at', async () => {
    const mine = await groupNode(services, 'mine');
    const onboarding = (await services.tree.getChildren(mine)).find(
      (n) => n.kind === 'persona' && personaId(n.persona) === FIXTURE_IDS.onboarding,
    )!;
    const item = services.tree.getTreeItem(onboarding);
    assert.strictEqual(item.label, 'Onboarding Guide');
    assert.strictEqual(item.description, FIXTURE_IDS.onboarding);
    // Made on hover, not with every row.
    assert.strictEqual(item.tooltip, undefined);
    const tooltip = (services.tree.resolveTreeItem(item, onboarding).tooltip as vscode.MarkdownString).value;
    for (const fact of ['`tavus-gpt-oss`', '`r90bbd427f71`', '`2025-11-04T09:02:45Z`']) {
      assert.ok(tooltip.includes(fact), tooltip);
    }
    assert.strictEqual(item.contextValue, 'persona.user');
  });

  it('shows stock personas with a lock and PAL personas by pal_name', async () => {
    const stockChildren = await services.tree.getChildren(await groupNode(services, 'stock'));
    const coach = stockChildren.find((n) => n.kind === 'persona' && personaId(n.persona) === FIXTURE_IDS.salesCoach)!;
    const coachItem = services.tree.getTreeItem(coach);
    assert.strictEqual((coachItem.iconPath as vscode.ThemeIcon).id, 'lock');
    assert.strictEqual(coachItem.contextValue, 'persona.stock');
    const mine = await services.tree.getChildren(await groupNode(services, 'mine'));
    const pal = mine.find((n) => n.kind === 'persona' && personaId(n.persona) === FIXTURE_IDS.pal)!;
    assert.strictEqual(services.tree.getTreeItem(pal).label, 'Healthcare Intake Assistant');
  });

  it('filters by name or id and clears the filter', async () => {
    services.tree.setFilter('onboarding');
    assert.deepStrictEqual(idsOf(await groupNode(services, 'mine')), [FIXTURE_IDS.onboarding]);
    const stock = await groupNode(services, 'stock');
    assert.strictEqual(stock.personas.length, 0);
    const empty = await services.tree.getChildren(stock);
    assert.ok(empty[0]!.kind === 'message' && empty[0]!.label.includes('No personas match'));

    services.tree.setFilter(FIXTURE_IDS.salesCoach.toUpperCase());
    assert.deepStrictEqual(idsOf(await groupNode(services, 'stock')), [FIXTURE_IDS.salesCoach]);

    await vscode.commands.executeCommand('tavus.clearPersonaFilter');
    assert.strictEqual(services.tree.filter, '');
    assert.strictEqual((await groupNode(services, 'stock')).personas.length, 12);
  });

  it('re-renders the rows only when what they show changed, not on every listing', async () => {
    let renders = 0;
    const counting = services.tree.onDidChangeTreeData(() => renders++);
    try {
      await services.catalog.refresh();
      assert.strictEqual(renders, 0, 'the same personas listed again');
      server.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/persona_name', value: 'Onboarding Guide 2' }]);
      await services.catalog.refresh();
      assert.strictEqual(renders, 1, 'a renamed persona');
      const mine = await services.tree.getChildren(await groupNode(services, 'mine'));
      const renamed = mine.find((n) => n.kind === 'persona' && personaId(n.persona) === FIXTURE_IDS.onboarding)!;
      assert.strictEqual(services.tree.getTreeItem(renamed).label, 'Onboarding Guide 2');
    } finally {
      counting.dispose();
    }
  });

  it('shows one error item with Retry when the first listing fails, and recovers on Refresh', async () => {
    // No earlier listing to fall back on (that case is in connectionStates.test.ts).
    services.catalog.reset();
    server.injectFault({ status: 500, match: { path: '/v2/personas' }, times: Infinity });
    await vscode.commands.executeCommand('tavus.refreshPersonas');
    const nodes = await rootNodes(services);
    assert.strictEqual(nodes.length, 1);
    const error = nodes[0]!;
    assert.ok(error.kind === 'message');
    assert.match(error.label, /Could not load personas: Tavus answered 500/);
    assert.strictEqual(error.command?.command, 'tavus.refreshPersonas');

    server.clearFaults();
    await vscode.commands.executeCommand(error.command.command);
    assert.strictEqual((await groupNode(services, 'stock')).personas.length, 12);
  });

  it('reports list items it cannot show', async () => {
    // The sandbox only holds valid personas, so a tiny server sends the malformed list.
    const odd = await serveJson((url) =>
      url.searchParams.get('persona_type') === 'system'
        ? { data: [], total_count: 0 }
        : {
            data: [{ persona_id: 'pgood', persona_name: 'Good' }, { persona_name: 'No id at all' }, { persona_id: 'pgood' }],
            total_count: 3,
          },
    );
    try {
      await setSetting('apiBaseUrl', odd.url);
      await services.catalog.refresh();
      const nodes = await rootNodes(services);
      const warning = nodes.find((n) => n.kind === 'message' && /2 list items from Tavus could not be shown/.test(n.label));
      assert.ok(warning, JSON.stringify(nodes));
      assert.deepStrictEqual(idsOf(await groupNode(services, 'mine')), ['pgood']);
    } finally {
      await setSetting('apiBaseUrl', server.url);
      await odd.close();
    }
  });

  it('copies a persona id', async () => {
    const [first] = await services.tree.getChildren(await groupNode(services, 'mine'));
    assert.ok(first);
    assert.ok(first.kind === 'persona');
    await vscode.commands.executeCommand('tavus.copyPersonaId', first);
    assert.strictEqual(await vscode.env.clipboard.readText(), personaId(first.persona));
  });
});

describe('Persona documents', () => {
  let services: Services;
  let server: TavusServer;

  useLocalServer((connected) => ({ api: services, server } = connected));
  beforeEach(async () => {
    await closeAllEditors();
    server.reset();
    await services.catalog.refresh();
  });

  async function openFromTree(id: string): Promise<vscode.TextDocument> {
    const nodes = [
      ...(await services.tree.getChildren(await groupNode(services, 'mine'))),
      ...(await services.tree.getChildren(await groupNode(services, 'stock'))),
    ];
    const node = nodes.find((n) => n.kind === 'persona' && personaId(n.persona) === id);
    assert.ok(node, `persona ${id} is in the tree`);
    const { command } = services.tree.getTreeItem(node);
    assert.ok(command, `persona ${id}'s row opens it`);
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    return waitFor(() => {
      const document = vscode.window.activeTextEditor?.document;
      return document?.uri.scheme === 'tavus' && document.uri.path.startsWith(`/persona/${encodeURIComponent(id)}/`) && document;
    }, `persona ${id} to open`);
  }

  function serverText(id: string): string {
    return `${JSON.stringify(server.getStored(id), null, 2)}\n`;
  }

  it('opens a persona as pretty-printed JSON titled with its name', async () => {
    const document = await openFromTree(FIXTURE_IDS.onboarding);
    assert.strictEqual(document.getText(), serverText(FIXTURE_IDS.onboarding));
    assert.strictEqual(document.languageId, 'tavus-persona');
    assert.ok(document.uri.path.endsWith('/Onboarding Guide.json'), document.uri.path);
    assert.strictEqual(document.isDirty, false);
  });

  for (const [name, id] of [
    ['legacy field names', FIXTURE_IDS.legacy],
    ['PAL-era keys', FIXTURE_IDS.pal],
    ['keys needing escapes', FIXTURE_IDS.escaped],
    ['a 200 KB system prompt', FIXTURE_IDS.bigPrompt],
    ['an echo-mode persona', FIXTURE_IDS.echo],
  ] as const) {
    it(`shows ${name} exactly as the server sent them`, async () => {
      const document = await openFromTree(id);
      assert.strictEqual(document.getText(), serverText(id));
    });
  }

  it('opens a persona by id with one GET, titled with its name', async () => {
    const gets = () => server.requests.filter((r) => r.method === 'GET' && r.path === `/v2/personas/${FIXTURE_IDS.echo}`).length;
    const before = gets();
    await vscode.commands.executeCommand('tavus.openPersonaById', FIXTURE_IDS.echo);
    const document = await waitFor(
      () =>
        vscode.window.activeTextEditor?.document.uri.path.includes(FIXTURE_IDS.echo) && vscode.window.activeTextEditor.document,
      'the echo persona to open',
    );
    assert.ok(document.uri.path.endsWith('/Echo Relay.json'), document.uri.path);
    assert.strictEqual(document.getText(), serverText(FIXTURE_IDS.echo));
    assert.strictEqual(gets() - before, 1);
  });

  it('reads the documented {"data":[persona]} GET shape the same way', async () => {
    server.setGetShape('wrapped');
    await vscode.commands.executeCommand('tavus.openPersonaById', FIXTURE_IDS.maximal);
    const document = await waitFor(
      () =>
        vscode.window.activeTextEditor?.document.uri.path.includes(FIXTURE_IDS.maximal) &&
        vscode.window.activeTextEditor.document,
      'the maximal persona to open',
    );
    assert.strictEqual(document.getText(), serverText(FIXTURE_IDS.maximal));
  });

  it('resolves a document by the id in its URI, whatever the name says (restored tabs)', async () => {
    const uri = personaUri(FIXTURE_IDS.onboarding, 'An Old Name');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(document.getText(), serverText(FIXTURE_IDS.onboarding));
  });

  it('reports a stat whose mtime never moves, so VS Code never runs its own "file is newer" check', async () => {
    const stat = await vscode.workspace.fs.stat(personaUri(FIXTURE_IDS.onboarding, 'Onboarding Guide'));
    assert.strictEqual(stat.mtime, 0);
    assert.strictEqual(stat.ctime, Date.parse('2025-11-03T16:20:11Z'));
    assert.strictEqual(stat.permissions, undefined);
  });

  it('opens stock personas read-only and refuses writes to them', async () => {
    const document = await openFromTree(FIXTURE_IDS.salesCoach);
    const stat = await vscode.workspace.fs.stat(document.uri);
    assert.strictEqual(stat.permissions, vscode.FilePermission.Readonly);
    await assert.rejects(() => Promise.resolve(vscode.workspace.fs.writeFile(document.uri, Buffer.from('{}'))), /stock/i);
    assert.strictEqual(server.requests.filter((r) => r.method === 'PATCH').length, 0);
  });

  it('reports an unknown persona id as not found', async () => {
    await assert.rejects(() => Promise.resolve(vscode.workspace.openTextDocument(personaUri('pdoesnotexist', 'x'))));
  });

  it('keeps the fetched server copy as the base', async () => {
    await openFromTree(FIXTURE_IDS.onboarding);
    assert.deepStrictEqual(services.store.get(FIXTURE_IDS.onboarding), server.getStored(FIXTURE_IDS.onboarding));
  });
});
