import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { personaUri } from '../../src/personas/uri';
import { FIXTURE_IDS } from '../server/fixtures';
import type { TavusServer } from '../server/tavusServer';
import { closeAllEditors, setSetting, useLocalServer, waitFor } from './support';

describe('Persona schema: completion, hover, diagnostics and live values', () => {
  let api: ExtensionApi;
  let server: TavusServer;

  useLocalServer((connected) => ({ api, server } = connected));
  beforeEach(() => {
    server.reset();
    api.references.reset();
  });
  afterEach(closeAllEditors);

  async function openOnboarding(): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(personaUri(FIXTURE_IDS.onboarding, 'Onboarding Guide'));
    await vscode.window.showTextDocument(document);
    return document;
  }

  /** The position just inside the opening quote of the value of `"key": "`. */
  function insideValueOf(document: vscode.TextDocument, key: string): vscode.Position {
    const offset = document.getText().indexOf(`"${key}": "`) + key.length + 5;
    return document.positionAt(offset);
  }

  async function completionLabels(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      position,
    );
    return list.items;
  }

  const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

  function tavusDiagnostics(document: vscode.TextDocument): vscode.Diagnostic[] {
    return vscode.languages.getDiagnostics(document.uri).filter((diagnostic) => diagnostic.source === 'Tavus');
  }

  async function replaceFirst(document: vscode.TextDocument, search: string, replacement: string): Promise<void> {
    const offset = document.getText().indexOf(search);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      document.uri,
      new vscode.Range(document.positionAt(offset), document.positionAt(offset + search.length)),
      replacement,
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
  }

  it('completes the allowed perception models inside the value', async () => {
    const document = await openOnboarding();
    const labels = (await completionLabels(document, insideValueOf(document, 'perception_model'))).map(labelOf);
    for (const model of ['raven-1', 'raven-0', 'off']) assert.ok(labels.includes(model), `${model} in ${labels.join(', ')}`);
    assert.ok(!labels.includes('basic'), 'retired values are not offered');
  });

  it('completes at the cursor after edits above it and beside it (the locator reads from the member before the cursor)', async () => {
    const document = await openOnboarding();
    await replaceFirst(document, '"Onboarding Guide"', '"Onboarding Guide, renamed"');
    const offersEngines = async () => {
      const labels = (await completionLabels(document, insideValueOf(document, 'tts_engine'))).map(labelOf);
      for (const engine of ['cartesia', 'elevenlabs', 'azure']) {
        assert.ok(labels.includes(engine), `${engine} in ${labels.join(', ')}`);
      }
    };
    await offersEngines();
    await replaceFirst(document, '"tts_engine": "cartesia"', '"tts_engine": "eleven", "x": {');
    await offersEngines();
  });

  it('completes field names with whether Tavus sets them', async () => {
    const document = await openOnboarding();
    const items = await completionLabels(document, document.positionAt(document.getText().indexOf('"persona_name"') + 1));
    const updated = items.find((item) => labelOf(item) === 'updated_at');
    assert.ok(updated, 'updated_at is offered');
    assert.match(String(updated.detail), /set by Tavus/);
  });

  it('shows the meaning, allowed values and secrecy of fields on hover', async () => {
    const document = await openOnboarding();
    const text = document.getText();
    const hoverText = async (needle: string) => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        document.positionAt(text.indexOf(needle) + 2),
      );
      return hovers.flatMap((hover) => hover.contents.map((content) => (content as vscode.MarkdownString).value)).join('\n');
    };
    assert.match(await hoverText('"tts_engine"'), /Allowed: `cartesia`, `elevenlabs`, `azure`/);
    assert.match(await hoverText('"api_key"'), /secret/);
  });

  it('squiggles a misspelt engine while typing, offers the fix, and clears the marker once fixed', async () => {
    const document = await openOnboarding();
    await replaceFirst(document, '"cartesia"', '"cartesai"');
    const problem = await waitFor(
      () => tavusDiagnostics(document).find((diagnostic) => diagnostic.code === 'value-not-allowed'),
      'the value-not-allowed diagnostic',
    );
    assert.strictEqual(problem.severity, vscode.DiagnosticSeverity.Error);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      problem.range,
    );
    const fix = actions.find((action) => action.title === 'Change to "cartesia"');
    assert.ok(fix?.edit, 'a quick fix to the nearest engine');
    await vscode.workspace.applyEdit(fix.edit);
    await waitFor(() => !tavusDiagnostics(document).some((d) => d.code === 'value-not-allowed'), 'the marker to go');
  });

  it('marks an edited server-owned field as an error before saving', async () => {
    const document = await openOnboarding();
    await replaceFirst(document, '"2025-11-04T09:02:45Z"', '"2030-01-01T00:00:00Z"');
    const owned = await waitFor(
      () => tavusDiagnostics(document).find((diagnostic) => diagnostic.code === 'server-owned'),
      'the server-owned diagnostic',
    );
    assert.match(owned.message, /updated_at" is set by Tavus/);
  });

  it('marks a repeated member and a number that cannot travel exactly while typing, and clears both once fixed', async () => {
    const document = await openOnboarding();
    await replaceFirst(document, '"top_p": 0.9', '"top_p": 0.9, "top_p": 0.8');
    await replaceFirst(document, '"temperature": 0.4', '"temperature": 0.40000000000000000001');
    const lossy = () =>
      tavusDiagnostics(document).filter(
        (diagnostic) => diagnostic.code === 'duplicate-member' || diagnostic.code === 'inexact-number',
      );
    await waitFor(() => lossy().length === 2, 'both markers');
    const duplicate = lossy().find((diagnostic) => diagnostic.code === 'duplicate-member')!;
    const inexact = lossy().find((diagnostic) => diagnostic.code === 'inexact-number')!;
    assert.strictEqual(document.getText(duplicate.range), '"top_p"');
    assert.ok(duplicate.range.start.isAfter(document.positionAt(document.getText().indexOf('"top_p"'))), 'at the later key');
    assert.match(duplicate.message, /Duplicate member "top_p" in \/layers\/llm\/extra_body/);
    assert.strictEqual(document.getText(inexact.range), '0.40000000000000000001');
    assert.strictEqual(inexact.severity, vscode.DiagnosticSeverity.Error);
    await replaceFirst(document, ', "top_p": 0.8', '');
    await waitFor(() => lossy().length === 1, 'the duplicate marker to go');
    await replaceFirst(document, '0.40000000000000000001', '0.4');
    await waitFor(() => lossy().length === 0, 'the number marker to go');
  });

  it('completes usable replicas from the local server, with their names and status', async () => {
    const document = await openOnboarding();
    const items = await completionLabels(document, insideValueOf(document, 'default_replica_id'));
    const anna = items.find((item) => labelOf(item) === 'r90bbd427f71');
    assert.ok(anna, 'the stock replica Anna is offered');
    assert.match(String(anna.detail), /Anna · completed/);
    assert.ok(!items.some((item) => labelOf(item) === 'r7a1n1n9c0de'), 'a replica still training is not offered');
    assert.ok(server.requests.some((request) => request.path === '/v2/replicas'));
  });

  it('warns about an id that is not in the account and names the item on hover', async () => {
    const document = await openOnboarding();
    await replaceFirst(document, '"r90bbd427f71"', '"r000000000000"');
    const warning = await waitFor(
      () => tavusDiagnostics(document).find((diagnostic) => diagnostic.code === 'unknown-reference'),
      'the unknown-reference diagnostic',
    );
    assert.match(warning.message, /No replica "r000000000000" in this account's list/);
  });

  it('degrades a failing list to no suggestions, without an error', async () => {
    server.injectFault({ status: 500, match: { path: '/v2/documents' }, times: Infinity });
    const document = await openOnboarding();
    const position = document.positionAt(document.getText().indexOf('"d1a2b3c4d5e6"') + 1);
    const items = await completionLabels(document, position);
    const live = items.filter((item) => item.kind === vscode.CompletionItemKind.Reference);
    assert.deepStrictEqual(live.map(labelOf), [], 'no document ids');
    assert.strictEqual(api.references.peek('documents'), undefined);
  });

  it('refreshes the lists on Tavus: Refresh Reference Lists and drops them when the account changes', async () => {
    await vscode.commands.executeCommand('tavus.refreshReferenceLists');
    assert.ok((api.references.peek('replicas')?.items.length ?? 0) > 10);
    assert.ok(api.references.peek('tools')?.items.some((tool) => tool.id === 'end_call'));
    await setSetting('apiBaseUrl', `${server.url}/`);
    await waitFor(() => api.references.peek('replicas') === undefined, 'the lists to be dropped');
    await setSetting('apiBaseUrl', server.url);
  });
});
