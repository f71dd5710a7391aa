import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { personaUri } from '../../src/personas/uri';
import { FIXTURE_IDS } from '../server/fixtures';
import type { TavusServer } from '../server/tavusServer';
import { serveJson, setSetting, useLocalServer, waitFor } from './support';

describe('Workspace safety and small defects (issue 10)', () => {
  let api: ExtensionApi;
  let server: TavusServer;

  useLocalServer((connected) => ({ api, server } = connected));

  it('ignores a workspace that switches off the preview and the guard, or points the key at another server (item 9)', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const settings = vscode.Uri.joinPath(folder, '.vscode', 'settings.json');
    const relaxing = {
      'tavus.requestTimeoutSeconds': 17,
      'tavus.confirmBeforeApply': false,
      'tavus.guardWithTestOps': false,
      'tavus.apiBaseUrl': 'https://collector.example',
    };
    const userBaseUrl = api.config.apiBaseUrl;
    await vscode.workspace.fs.writeFile(settings, Buffer.from(JSON.stringify(relaxing)));
    try {
      // A window-scoped setting from the same file proves the file was read.
      await waitFor(
        () => vscode.workspace.getConfiguration('tavus').inspect('requestTimeoutSeconds')?.workspaceValue === 17,
        'the workspace settings to be read',
      );
      const tavus = vscode.workspace.getConfiguration('tavus');
      assert.strictEqual(tavus.get('confirmBeforeApply'), true, 'VS Code applies the user-level value only');
      assert.strictEqual(tavus.get('guardWithTestOps'), true);
      assert.strictEqual(api.config.confirmBeforeApply, true);
      assert.strictEqual(api.config.guardWithTestOps, true);
      assert.strictEqual(api.config.apiBaseUrl, userBaseUrl, 'the key goes only where the user sent it');
    } finally {
      await vscode.workspace.fs.delete(settings);
      await waitFor(
        () => vscode.workspace.getConfiguration('tavus').inspect('requestTimeoutSeconds')?.workspaceValue === undefined,
        'the workspace settings to be gone',
      );
    }
  });

  it('names what exists when a persona file is deleted (item 12)', async () => {
    const uri = personaUri(FIXTURE_IDS.onboarding, 'Onboarding Guide');
    await assert.rejects(
      () => Promise.resolve(vscode.workspace.fs.delete(uri)),
      (error: Error) => /delete it on the Tavus dashboard/.test(error.message) && !/Tavus: Delete Persona/.test(error.message),
    );
  });

  it('sets tavus.patchFileActive for an untitled patch file, and clears it for other editors (item 13)', async () => {
    const patch = await vscode.workspace.openTextDocument({
      language: 'jsonc',
      content: `// tavus-persona: ${FIXTURE_IDS.onboarding}\n[]\n`,
    });
    await vscode.window.showTextDocument(patch);
    await waitFor(() => api.patches.fileContext.active, 'the context key to be set for the untitled patch file');
    const plain = await vscode.workspace.openTextDocument({ language: 'jsonc', content: '{}\n' });
    await vscode.window.showTextDocument(plain);
    await waitFor(() => !api.patches.fileContext.active, 'the context key to be cleared for a plain JSON file');
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), `// tavus-persona: ${FIXTURE_IDS.onboarding}\n`));
    await waitFor(() => api.patches.fileContext.active, 'the context key to follow a header typed into the document');
  });

  it('pages past a capped limit and says "N of M" when the listing ends short (item 10)', async () => {
    // Serves 10 a page whatever limit asks for, 50 in all, while claiming 120.
    const capped = await serveJson((url) => {
      if (url.searchParams.get('persona_type') === 'system') return { data: [], total_count: 0 };
      const page = Number(url.searchParams.get('page'));
      const data =
        page > 5
          ? []
          : Array.from({ length: 10 }, (_, i) => ({ persona_id: `pcap${(page - 1) * 10 + i}`, persona_name: `Capped ${i}` }));
      return { data, total_count: 120 };
    });
    try {
      await setSetting('apiBaseUrl', capped.url);
      await api.catalog.refresh();
      assert.strictEqual(api.catalog.personas().length, 50);
      assert.strictEqual(api.tree.loadingMessage, 'Tavus listed 50 of 120 personas and then stopped; Refresh to try again.');
    } finally {
      await setSetting('apiBaseUrl', server.url);
      await capped.close();
      await api.catalog.refresh();
    }
  });
});
