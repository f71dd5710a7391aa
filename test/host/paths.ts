import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The repository root; this file runs compiled as out/test/host/paths.js. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Git-ignored cache for downloaded or installed tools, like @vscode/test-electron's. */
export const toolCacheDir = path.join(repoRoot, '.vscode-test');

/** Git-ignored folder for artefacts a human may want to look at after a run (screenshots, results). */
export const testResultsDir = path.join(repoRoot, 'test-results');

/** Creates a fresh, empty folder under the system temp dir. */
export function makeScratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** Points HOME and the XDG dirs at `home`, so a tool doesn't write into the real home. */
export function scratchHomeEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
}

/** A fresh scratch folder holding an empty `workspace` folder, for a workbench to open. */
export function makeScratchWorkspace(prefix: string): { scratchDir: string; workspace: string } {
  const scratchDir = makeScratchDir(prefix);
  const workspace = path.join(scratchDir, 'workspace');
  fs.mkdirSync(workspace);
  return { scratchDir, workspace };
}

/** The compiled integration-test runner the extension host loads (`extensionTestsPath`). */
export const integrationTestsEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index');
