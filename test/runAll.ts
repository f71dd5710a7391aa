import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ensureCodeServer } from './host/installCodeServer';
import { makeScratchDir, repoRoot } from './host/paths';
import { runIntegrationTests } from './integration/runInCodeServer';
import { formatResults } from './integration/results';

interface TierResult {
  tier: string;
  passed: number;
  failed: number;
  /** Why the tier could not report its own counts; such a tier counts as at least one failure. */
  crash?: string;
}

const TIERS: Record<string, () => Promise<TierResult>> = {
  unit: () => runNodeTests('unit', 'out/test/unit/'),
  // Spawns the built dist/cli.js against the local server: after `npm run build`, as `npm test` runs it.
  cli: () => runNodeTests('cli', 'out/test/cli/'),
  integration: runIntegrationTier,
  ui: runUiTier,
};

/** `node out/test/runAll.js [unit|cli|integration|ui]…`: runs the chosen tiers (default all), last line `N passed, N failed`. */
async function main(): Promise<void> {
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((tier) => !(tier in TIERS));
  if (unknown.length > 0) throw new Error(`unknown tier ${unknown.join(', ')}; choose from ${Object.keys(TIERS).join(', ')}`);
  const results: TierResult[] = [];
  for (const tier of chosen.length > 0 ? chosen : Object.keys(TIERS)) {
    console.log(`\n=== ${tier} tests ===`);
    results.push(await TIERS[tier]!().catch((error: Error) => crashed(tier, error.message)));
  }
  printSummary(results);
  process.exitCode = results.some((result) => result.failed > 0) ? 1 : 0;
}

async function runIntegrationTier(): Promise<TierResult> {
  const results = await runIntegrationTests();
  console.log(formatResults(results));
  return { tier: 'integration', passed: results.passed.length, failed: results.failed.length };
}

async function runUiTier(): Promise<TierResult> {
  // Installed up front so a UI test does not spend its time (or race another) installing it.
  await ensureCodeServer();
  // One file at a time: each holds a code-server and a Chromium (about 1 GiB together).
  return runNodeTests('ui', 'out/test/ui/', ['--test-concurrency=1']);
}

/**
 * Runs `node --test` on a folder; humans see the spec reporter while a TAP copy goes to a
 * file whose summary comments give the counts.
 */
async function runNodeTests(tier: string, folder: string, extraArgs: string[] = []): Promise<TierResult> {
  const scratch = makeScratchDir(`tavus-${tier}-tap`);
  const tapFile = path.join(scratch, 'results.tap');
  try {
    const exitCode = await runInherited(process.execPath, [
      '--test',
      ...extraArgs,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tapFile}`,
      folder,
    ]);
    return countTap(tier, fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '', exitCode);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function countTap(tier: string, tap: string, exitCode: number): TierResult {
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? NaN);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  if (Number.isNaN(passed) || Number.isNaN(failed)) {
    return crashed(tier, `node --test exited with ${exitCode} without a TAP summary`);
  }
  if (exitCode !== 0 && failed === 0) return { tier, passed, failed: 1, crash: `node --test exited with ${exitCode}` };
  return { tier, passed, failed };
}

function crashed(tier: string, reason: string): TierResult {
  return { tier, passed: 0, failed: 1, crash: reason };
}

function runInherited(command: string, args: string[]): Promise<number> {
  const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function printSummary(results: TierResult[]): void {
  console.log('\n=== summary ===');
  for (const { tier, passed, failed, crash } of results) {
    console.log(`${tier}: ${passed} passed, ${failed} failed${crash ? ` (crashed: ${crash})` : ''}`);
  }
  const total = (key: 'passed' | 'failed') => results.reduce((sum, result) => sum + result[key], 0);
  console.log(`${total('passed')} passed, ${total('failed')} failed`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
