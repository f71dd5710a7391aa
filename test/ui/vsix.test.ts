import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { activityBarItem, editorText, openWorkbench, waitForTab, waitForWorkbench, type Workbench } from '../host/browser';
import { startCodeServer, type CodeServer } from '../host/codeServer';
import { prepareExtensionEnvironment, type ExtensionEnvironment } from '../host/extensionEnvironment';
import { ensureCodeServer } from '../host/installCodeServer';
import { repoRoot } from '../host/paths';
import { FIXTURE_IDS } from '../server/fixtures';
import { waitForCompleteListing } from './steps';

const run = promisify(execFile);

/** Packages the extension as a user gets it and installs it into a fresh code-server. */
async function packageAndInstall(scratch: string): Promise<string> {
  const vsix = path.join(scratch, 'tavus-persona-editor.vsix');
  await run(
    process.execPath,
    [
      require.resolve('@vscode/vsce/vsce'),
      'package',
      '--no-dependencies',
      '--no-rewrite-relative-links',
      '--allow-missing-repository',
      '--out',
      vsix,
    ],
    { cwd: repoRoot },
  );
  const extensionsDir = path.join(scratch, 'extensions');
  await run(await ensureCodeServer(), [
    '--extensions-dir',
    extensionsDir,
    '--user-data-dir',
    path.join(scratch, 'install-data'),
    '--install-extension',
    vsix,
    '--force',
  ]);
  return extensionsDir;
}

let environment: ExtensionEnvironment;
let server: CodeServer;
let workbench: Workbench;

before(async () => {
  environment = await prepareExtensionEnvironment();
  const extensionsDir = await packageAndInstall(environment.scratchDir);
  // The documented GET shape, which real responses do not use: the installed build must read it too.
  environment.sandbox.setGetShape('wrapped');
  server = await startCodeServer({
    workspace: environment.workspace,
    env: environment.env,
    settings: environment.settings,
    extensionsDir,
  });
  workbench = await openWorkbench(`${server.url}/?folder=${encodeURIComponent(environment.workspace)}`);
  await waitForWorkbench(workbench.page);
});

after(async () => {
  await workbench?.close();
  await server?.stop();
  await environment?.dispose();
});

test('the packaged .vsix holds only the bundle, manifest, docs, icons and the persona language files', async () => {
  const { stdout } = await run(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'ls', '--no-dependencies'], {
    cwd: repoRoot,
  });
  assert.deepEqual(stdout.trim().split('\n').sort(), [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'dist/cli.js',
    'dist/extension.js',
    'media/icon.png',
    'media/persona-language-configuration.json',
    'media/persona.tmLanguage.json',
    'media/tavus.svg',
    'package.json',
  ]);
  assert.ok(fs.statSync(path.join(environment.scratchDir, 'tavus-persona-editor.vsix')).size < 1024 * 1024);
});

test("installed from the .vsix, it lists and opens the server's personas in both GET shapes", async () => {
  const page = workbench.page;
  await activityBarItem(page, 'Tavus').click();
  const row = (label: string) => page.locator('.part.sidebar .monaco-list-row', { hasText: label }).first();
  await waitForCompleteListing(page);
  await row('Clinic Intake').click();
  await waitForTab(page, 'Clinic Intake');
  await page.locator('.editor-group-container.active .view-line', { hasText: FIXTURE_IDS.maximal }).waitFor();
  assert.match(await editorText(page), new RegExp(`"persona_id": "${FIXTURE_IDS.maximal}"`));

  // And the bare shape real responses use.
  environment.sandbox.setGetShape('bare');
  await row('Echo Relay').click();
  await waitForTab(page, 'Echo Relay');
  await page.locator('.editor-group-container.active .view-line', { hasText: FIXTURE_IDS.echo }).waitFor();
  assert.match(await editorText(page), new RegExp(`"persona_id": "${FIXTURE_IDS.echo}"`));
});
