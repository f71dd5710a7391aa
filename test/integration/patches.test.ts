import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { Persona } from '../../src/core/json';
import { formatPersona } from '../../src/core/personaDocument';
import { personaId } from '../../src/core/personaRules';
import type { ApplyResult } from '../../src/patches/patchApplier';
import { personaUri } from '../../src/personas/uri';
import { replaceAllText } from '../../src/save/replaceText';
import type { ApplyDecision, MovedDecision, WritePrompts } from '../../src/transaction/prompts';
import { FIXTURE_IDS } from '../server/fixtures';
import type { TavusServer } from '../server/tavusServer';
import { groupNode, useLocalServer, waitFor } from './support';

describe('Patch files', () => {
  let api: ExtensionApi;
  let server: TavusServer;
  let realPrompts: WritePrompts;
  let decision: ApplyDecision;
  let conflictDecision: MovedDecision;
  let previews: number;
  let fileCounter = 0;

  useLocalServer((connected) => ({ api, server } = connected));
  before(() => {
    realPrompts = api.save.transaction.prompts;
    api.save.transaction.prompts = {
      confirmApply: async () => (previews++, decision),
      confirmDelete: async () => false,
      resolveMoved: async () => conflictDecision,
      showDiff: async () => undefined,
    };
  });
  after(() => {
    api.save.transaction.prompts = realPrompts;
  });
  beforeEach(async () => {
    server.reset();
    decision = 'apply';
    conflictDecision = 'cancel';
    previews = 0;
    await api.patches.targets.refresh(FIXTURE_IDS.onboarding);
  });

  /** A patch file in the test workspace; `|` marks the cursor and is removed. */
  async function patchFile(
    body: string,
    target: string = FIXTURE_IDS.onboarding,
  ): Promise<{ document: vscode.TextDocument; cursor: vscode.Position }> {
    const text = `// tavus-persona: ${target}\n${body}`;
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const uri = vscode.Uri.joinPath(folder, `case-${++fileCounter}.tavus-patch.json`);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text.replace('|', '')));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const offset = text.indexOf('|');
    return { document, cursor: document.positionAt(offset < 0 ? 0 : offset) };
  }

  async function completionLabels(
    body: string,
    target?: string,
  ): Promise<{ labels: string[]; items: vscode.CompletionItem[]; cursor: vscode.Position }> {
    const { document, cursor } = await patchFile(body, target);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      cursor,
    );
    const items = list.items.filter((item) => item.detail !== undefined || item.kind !== vscode.CompletionItemKind.Property);
    return { labels: items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label)), items, cursor };
  }

  async function diagnosticsOf(document: vscode.TextDocument, expectedCount?: number): Promise<vscode.Diagnostic[]> {
    return waitFor(() => {
      const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Tavus');
      return (expectedCount === undefined ? found.length > 0 : found.length === expectedCount) && found;
    }, 'Tavus diagnostics');
  }

  function codesOf(diagnostics: vscode.Diagnostic[]): string[] {
    return diagnostics.map((d) => String(d.code));
  }

  it('opens *.tavus-patch.json files as JSON with comments', async () => {
    const { document } = await patchFile('[]');
    assert.strictEqual(document.languageId, 'jsonc');
  });

  it('creates a patch file for a persona from the tree, with the header and an example op', async () => {
    await api.catalog.refresh();
    const node = (await api.tree.getChildren(await groupNode(api, 'mine'))).find(
      (n) => n.kind === 'persona' && personaId(n.persona) === FIXTURE_IDS.onboarding,
    );
    const uri = await vscode.commands.executeCommand<vscode.Uri>('tavus.newPatchFile', node);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.ok(uri.path.endsWith('onboarding-guide.tavus-patch.json'), uri.path);
    assert.strictEqual(document.lineAt(0).text, `// tavus-persona: ${FIXTURE_IDS.onboarding}`);
    assert.match(document.getText(), /"op": "replace",\s*"path": "\/persona_name"/);
  });

  describe('completion', () => {
    it('completes pointers of the persona, narrowed one segment at a time', async () => {
      const top = await completionLabels('[{ "op": "replace", "path": "/lay|" }]');
      assert.ok(top.labels.includes('/layers'), top.labels.join(' '));
      assert.ok(!top.labels.includes('/layers/llm/model'), 'deeper pointers wait for the next segment');
      const llm = await completionLabels('[{ "op": "replace", "path": "/layers/llm/|" }]');
      assert.ok(llm.labels.includes('/layers/llm/model'), llm.labels.join(' '));
      const model = llm.items.find((item) => item.label === '/layers/llm/model')!;
      assert.strictEqual(model.detail, 'string');
      const range = model.range as vscode.Range;
      assert.strictEqual(
        range.start.character,
        llm.cursor.character - '/layers/llm/'.length,
        'the edit replaces the whole typed pointer',
      );
    });

    it('offers array indices, and /- and missing known keys only for add', async () => {
      const replace = await completionLabels('[{ "op": "replace", "path": "/document_ids/|" }]');
      assert.ok(replace.labels.includes('/document_ids/0'));
      assert.ok(!replace.labels.includes('/document_ids/-'));
      const add = await completionLabels('[{ "op": "add", "path": "/document_ids/|" }]');
      assert.ok(add.labels.includes('/document_ids/-'), add.labels.join(' '));
      const missing = await completionLabels('[{ "op": "add", "path": "/layers/|" }]', FIXTURE_IDS.echo);
      assert.ok(missing.labels.includes('/layers/conversational_flow'), missing.labels.join(' '));
    });

    it('escapes ~ and / in pointers (RFC 6901)', async () => {
      const { labels } = await completionLabels('[{ "op": "remove", "path": "/layers/llm/headers/|" }]', FIXTURE_IDS.escaped);
      assert.ok(labels.includes('/layers/llm/headers/a~1b'), labels.join(' '));
      assert.ok(labels.includes('/layers/llm/headers/m~0n'), labels.join(' '));
    });

    it('completes "from", op names, a whole op and the current value', async () => {
      const from = await completionLabels('[{ "op": "copy", "from": "/cont|", "path": "/greeting" }]');
      assert.ok(from.labels.includes('/context'), from.labels.join(' '));
      const ops = await completionLabels('[{ "op": "|" }]');
      for (const op of ['add', 'remove', 'replace', 'copy', 'move', 'test']) {
        assert.ok(
          ops.labels.some((l) => l.includes(op)),
          ops.labels.join(' '),
        );
      }
      const snippet = await completionLabels('[\n  |\n]');
      assert.ok(
        snippet.items.some((item) => item.kind === vscode.CompletionItemKind.Snippet),
        snippet.labels.join(' '),
      );
      const value = await completionLabels('[{ "op": "replace", "path": "/layers/llm/model", "value": | }]');
      assert.ok(value.labels.includes('"tavus-gpt-oss"'), value.labels.join(' '));
    });

    it('works in an untitled patch file', async () => {
      const document = await vscode.workspace.openTextDocument({
        language: 'jsonc',
        content: `// tavus-persona: ${FIXTURE_IDS.onboarding}\n[{ "op": "replace", "path": "/per" }]`,
      });
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        new vscode.Position(1, 33),
      );
      assert.ok(list.items.some((item) => item.label === '/persona_name'));
    });
  });

  describe('diagnostics, hover and quick fixes', () => {
    it('reports every kind of problem, checking ops in sequence', async () => {
      const { document } = await patchFile(`[
  { "op": "replce", "path": "/context", "value": "x" },
  { "op": "replace", "value": "x" },
  { "op": "replace", "path": "/context" },
  { "op": "move", "path": "/context" },
  { "op": "remove", "path": "/nope" },
  { "op": "add", "path": "/no/parent", "value": 1 },
  { "op": "add", "path": "/document_ids/5", "value": "d" },
  { "op": "replace", "path": "/updated_at", "value": "now" },
  { "op": "remove", "path": "/context", "value": "ignored" },
  { "op": "add", "path": "/greeting", "value": "Hi" },
  { "op": "replace", "path": "/greeting", "value": "Hello" }
]`);
      const diagnostics = await diagnosticsOf(document);
      const codes = codesOf(diagnostics);
      for (const code of [
        'unknown-op',
        'missing-path',
        'missing-value',
        'missing-from',
        'path-not-found',
        'parent-not-found',
        'index-out-of-range',
        'server-owned',
        'value-on-remove',
      ]) {
        assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
      }
      const lines = diagnostics.map((d) => d.range.start.line);
      assert.ok(!lines.includes(11), 'the replace may rely on the add before it');
      assert.strictEqual(diagnostics.find((d) => d.code === 'value-on-remove')!.severity, vscode.DiagnosticSeverity.Warning);
    });

    it('reports invalid JSON', async () => {
      const { document } = await patchFile('[{ "op": "add", ');
      assert.ok(codesOf(await diagnosticsOf(document)).includes('invalid-json'));
    });

    it('shows the current value on hover', async () => {
      const { document, cursor } = await patchFile('[{ "op": "test", "path": "/layers/llm/mo|del", "value": "x" }]');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, cursor);
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /tavus-gpt-oss/);
    });

    it('fixes replace on a missing path by turning it into add', async () => {
      const { document } = await patchFile('[{ "op": "replace", "path": "/greeting", "value": "Hi" }]');
      const [problem] = await diagnosticsOf(document);
      assert.ok(problem);
      assert.strictEqual(problem.code, 'path-not-found');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        problem.range,
      );
      const fix = actions.find((a) => /add/i.test(a.title));
      assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
      await vscode.workspace.applyEdit(fix.edit);
      assert.match(document.getText(), /"op": "add"/);
      await diagnosticsOf(document, 0);
    });
  });

  describe('issue 20 polish', () => {
    async function actionsFor(document: vscode.TextDocument, code: string): Promise<vscode.CodeAction[]> {
      const problem = (await diagnosticsOf(document)).find((d) => d.code === code);
      assert.ok(problem, `no ${code} diagnostic`);
      return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, problem.range);
    }

    it('offers "did you mean" for a path that exists elsewhere in the persona', async () => {
      const { document } = await patchFile('[{ "op": "replace", "path": "/layers/llm/temperature", "value": 0.7 }]');
      const fix = (await actionsFor(document, 'path-not-found')).find((a) => a.title.startsWith('Did you mean'));
      assert.strictEqual(fix?.title, 'Did you mean "/layers/llm/extra_body/temperature"?');
      await vscode.workspace.applyEdit(fix.edit!);
      assert.match(document.getText(), /"path": "\/layers\/llm\/extra_body\/temperature"/);
      await diagnosticsOf(document, 0);
    });

    it('offers "Remove this op" for an op on a field Tavus sets', async () => {
      const { document } = await patchFile(
        '[{ "op": "replace", "path": "/context", "value": "A" }, { "op": "replace", "path": "/created_at", "value": "x" }]',
      );
      const fix = (await actionsFor(document, 'server-owned')).find((a) => a.title === 'Remove this op');
      await vscode.workspace.applyEdit(fix!.edit!);
      assert.strictEqual(JSON.parse(document.getText().split('\n').slice(1).join('\n')).length, 1);
      await diagnosticsOf(document, 0);
    });

    it('ranks its own value completions first and preselects the best', async () => {
      const { items } = await completionLabels('[{ "op": "replace", "path": "/layers/llm/model", "value": | }]');
      const own = items.filter((item) => item.sortText?.startsWith(' '));
      assert.ok(own.length > 0, 'no completions of our own');
      assert.ok(own.some((item) => item.preselect));
      const others = items.filter((item) => !own.includes(item));
      const sortKey = (item: vscode.CompletionItem) =>
        item.sortText ?? (typeof item.label === 'string' ? item.label : item.label.label);
      for (const other of others) {
        assert.ok(
          own.every((item) => sortKey(item) < sortKey(other)),
          sortKey(other),
        );
      }
    });

    it('names the apply CodeLens "Apply Patch File" and shows the target being fetched again', async () => {
      const { document } = await patchFile('[]');
      const titles = async () =>
        (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)).map(
          (lens) => lens.command?.title ?? '',
        );
      await waitFor(async () => (await titles()).includes('$(person) Onboarding Guide'), 'the target name lens');
      assert.ok((await titles()).includes('Apply Patch File'));
      server.injectFault({ latencyMs: 1_000, match: { method: 'GET' } });
      const refreshing = vscode.commands.executeCommand('tavus.refreshPatchTarget', document.uri);
      await waitFor(
        async () => (await titles()).some((title) => title.includes('fetching Onboarding Guide')),
        'the fetching lens',
      );
      await refreshing;
      await waitFor(async () => (await titles()).includes('$(person) Onboarding Guide'), 'the name again');
    });

    it("words JSON syntax errors as VS Code's JSON language server does", async () => {
      const { document } = await patchFile('[{ "op": "remove", "path": hello }]');
      const [problem] = await diagnosticsOf(document);
      assert.ok(problem);
      assert.strictEqual(problem.message, 'Value expected.');
    });
  });

  describe('applying', () => {
    async function apply(document: vscode.TextDocument): Promise<{ outcome: ApplyResult['kind']; message: string }> {
      const result = await vscode.commands.executeCommand<ApplyResult>('tavus.applyPatchFile', document.uri);
      return { outcome: result.kind, message: 'message' in result ? result.message : '' };
    }

    it('dry-runs, previews, sends the ops guarded, and re-reads', async () => {
      const { document } = await patchFile(
        '[{ "op": "replace", "path": "/context", "value": "Patched" }, { "op": "add", "path": "/greeting", "value": "Hi" }]',
      );
      const before = server.getStored(FIXTURE_IDS.onboarding)!;
      const result = await apply(document);
      assert.strictEqual(result.outcome, 'applied', result.message);
      assert.strictEqual(previews, 1);
      const stored = server.getStored(FIXTURE_IDS.onboarding)!;
      assert.strictEqual(stored.context, 'Patched');
      assert.strictEqual(stored.greeting, 'Hi');
      const patch = server.requests.find((r) => r.method === 'PATCH')!;
      assert.deepStrictEqual(JSON.parse(patch.body!)[0], { op: 'test', path: '/updated_at', value: before.updated_at });
      assert.strictEqual(
        api.patches.targets.peek(FIXTURE_IDS.onboarding)?.persona.context,
        'Patched',
        'the target is fetched again',
      );
      assert.ok(!document.isDirty, 'the patch file itself is not changed');
    });

    it('names the op that cannot be applied, and sends nothing', async () => {
      const { document } = await patchFile(
        '[{ "op": "add", "path": "/greeting", "value": "Hi" }, { "op": "remove", "path": "/nope" }]',
      );
      const result = await apply(document);
      assert.strictEqual(result.outcome, 'invalid');
      assert.match(result.message, /nope/);
      assert.ok(!server.requests.some((r) => r.method === 'PATCH'));
    });

    it('reports an unknown target persona', async () => {
      const { document } = await patchFile('[{ "op": "add", "path": "/greeting", "value": "Hi" }]', 'pdoesnotexist');
      const result = await apply(document);
      assert.strictEqual(result.outcome, 'failed');
      assert.match(result.message, /Invalid persona_id/);
    });

    it('reports a rejected patch (422) with the server message', async () => {
      const { document } = await patchFile('[{ "op": "add", "path": "/greeting", "value": "Hi" }]');
      server.injectFault({ status: 422, match: { method: 'PATCH' } });
      const result = await apply(document);
      assert.strictEqual(result.outcome, 'failed');
      assert.match(result.message, /Tavus rejected the patch: Injected fault: HTTP 422/);
    });

    it('reports a change racing the apply as a conflict, applying nothing', async () => {
      const { document } = await patchFile('[{ "op": "add", "path": "/greeting", "value": "Hi" }]');
      server.injectFault({ latencyMs: 1_000, match: { method: 'PATCH' } });
      const applying = apply(document);
      await waitFor(() => previews > 0, 'the preview');
      server.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/context', value: 'Racing' }]);
      const result = await applying;
      assert.strictEqual(result.outcome, 'conflict', result.message);
      assert.strictEqual(server.getStored(FIXTURE_IDS.onboarding)!.greeting, undefined);
    });

    it('a dirty persona document never pushes over a patch applied meanwhile', async () => {
      const document = await vscode.workspace.openTextDocument(personaUri(FIXTURE_IDS.onboarding, 'two editors'));
      await vscode.commands.executeCommand('tavus.revertToServerVersion', document.uri);
      await replaceAllText(
        document,
        formatPersona({ ...(JSON.parse(document.getText()) as Persona), system_prompt: 'From the document' }),
      );
      const { document: patch } = await patchFile('[{ "op": "replace", "path": "/context", "value": "From the patch file" }]');
      assert.strictEqual((await apply(patch)).outcome, 'applied');
      assert.strictEqual(await document.save(), false, 'the document was edited from an older copy');
      assert.strictEqual(server.getStored(FIXTURE_IDS.onboarding)!.context, 'From the patch file');
      conflictDecision = 'overwrite';
      assert.strictEqual(await document.save(), true);
      const stored = server.getStored(FIXTURE_IDS.onboarding)!;
      assert.strictEqual(stored.system_prompt, 'From the document');
      assert.strictEqual(stored.context, JSON.parse(document.getText()).context, 'overwrite sends the document as it is');
    });
  });

  it('copies the JSON pointer at the cursor in a persona document', async () => {
    const document = await vscode.workspace.openTextDocument(personaUri(FIXTURE_IDS.onboarding, 'pointer'));
    const editor = await vscode.window.showTextDocument(document);
    const offset = document.getText().indexOf('"tavus-gpt-oss"') + 3;
    editor.selection = new vscode.Selection(document.positionAt(offset), document.positionAt(offset));
    const pointer = await vscode.commands.executeCommand<string>('tavus.copyJsonPointer');
    assert.strictEqual(pointer, '/layers/llm/model');
    assert.strictEqual(await vscode.env.clipboard.readText(), '/layers/llm/model');
  });
});
