import * as fs from 'fs';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { seedUserSettings } from '../host/codeServer';
import { integrationTestsEntry, makeScratchWorkspace, repoRoot } from '../host/paths';

/** The VS Code that code-server 4.100.3 bundles, so both hosts run the same version. */
const VSCODE_VERSION = '1.100.3';

/** Runs the integration tests in desktop VS Code, downloaded into .vscode-test/ (needs internet). */
async function main(): Promise<void> {
  const { scratchDir, workspace } = makeScratchWorkspace('tavus-electron');
  const userDataDir = path.join(scratchDir, 'user-data');
  seedUserSettings(userDataDir);
  try {
    await runTests({
      version: VSCODE_VERSION,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: integrationTestsEntry,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userDataDir}`],
    });
  } finally {
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
