import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { TestResults } from './results';

/**
 * Entry point the extension host calls with `extensionTestsPath` (code-server's payload or
 * @vscode/test-electron): runs every integration test and rejects when one failed.
 */
export async function run(): Promise<void> {
  // TAVUS_TEST_GREP runs a subset while working on one feature (the extension host inherits code-server's environment).
  const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: false, grep: process.env.TAVUS_TEST_GREP });
  for (const file of integrationTestFiles()) mocha.addFile(file);
  const results: TestResults = { passed: [], failed: [] };
  try {
    await runMocha(mocha, results);
  } catch (error) {
    results.failed.push(describeFailure('loading the integration tests', error));
  }
  writeResults(results);
  if (results.failed.length > 0) throw new Error(`${results.failed.length} integration test(s) failed`);
}

function integrationTestFiles(): string[] {
  return fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort()
    .map((file) => path.join(__dirname, file));
}

function runMocha(mocha: Mocha, results: TestResults): Promise<void> {
  return new Promise((resolve) => {
    mocha
      .run(() => resolve())
      .on('pass', (test) => results.passed.push(test.fullTitle()))
      .on('fail', (test, error) => results.failed.push(describeFailure(test.fullTitle(), error)));
  });
}

/** The extension host's console reaches code-server's browser garbled, so results go to a file. */
function writeResults(results: TestResults): void {
  const file = process.env.TAVUS_TEST_RESULTS;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

function describeFailure(title: string, error: unknown): TestResults['failed'][number] {
  return error instanceof Error ? { title, message: error.message, stack: error.stack } : { title, message: String(error) };
}
