import * as fs from 'fs';
import * as path from 'path';
import { openWorkbench } from '../host/browser';
import { type CodeServer, payloadUrl, startCodeServer } from '../host/codeServer';
import { integrationTestsEntry, makeScratchWorkspace, repoRoot } from '../host/paths';
import { formatResults, type TestResults } from './results';

/**
 * The whole tier takes about 8 minutes on an idle 2-core machine and much longer on a busy one; the limit
 * only has to catch a host that hung, and stays well inside CI's 90 minutes.
 */
const RUN_TIMEOUT_MS = 30 * 60_000;

/** Runs the integration tests in code-server's extension host; throws if the run itself broke. */
export async function runIntegrationTests(): Promise<TestResults> {
  const { scratchDir, workspace } = makeScratchWorkspace('tavus-integration');
  const resultsFile = path.join(scratchDir, 'results.json');
  try {
    // The web workbench auto-saves after a second by default; tests that save by hand must not
    // race it (the one test about auto-save turns it on for itself).
    const settings = { 'files.autoSave': 'off' };
    const server = await startCodeServer({ workspace, env: { TAVUS_TEST_RESULTS: resultsFile }, settings });
    try {
      const exitCode = await runTestsInWorkbench(server, workspace);
      return readResults(resultsFile, exitCode);
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
}

/**
 * Opens a workbench whose extension host runs out/test/integration/index.js; resolves with
 * the exit code the workbench reports through `window.codeAutomationExit`.
 */
async function runTestsInWorkbench(server: CodeServer, workspace: string): Promise<number> {
  let reportExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (reportExit = resolve));
  const url = payloadUrl(server, {
    folder: workspace,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: integrationTestsEntry,
  });
  const workbench = await openWorkbench(url, {
    // The workbench looks the function up once the tests end, so it must exist before the page loads.
    beforeNavigate: (page) => page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code)),
  });
  try {
    return await withTimeout(exited, RUN_TIMEOUT_MS, 'the integration tests did not finish');
  } finally {
    await workbench.close();
  }
}

function readResults(resultsFile: string, exitCode: number): TestResults {
  if (!fs.existsSync(resultsFile)) throw new Error(`the extension host exited with ${exitCode} without writing ${resultsFile}`);
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as TestResults;
  if (exitCode !== 0 && results.failed.length === 0) {
    throw new Error(`the extension host exited with ${exitCode} though no test failed`);
  }
  return results;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 60_000} minutes`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

if (require.main === module) {
  runIntegrationTests().then(
    (results) => {
      console.log(formatResults(results));
      console.log(`${results.passed.length} passed, ${results.failed.length} failed`);
      process.exitCode = results.failed.length > 0 ? 1 : 0;
    },
    (error: Error) => {
      console.error(`Integration run crashed: ${error.message}`);
      console.log('0 passed, 1 failed');
      process.exitCode = 1;
    },
  );
}
