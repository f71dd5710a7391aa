/**
 * `npm run bench`: times every hot path of the extension against its lower bound and its peers,
 * prints a table and writes the same figures to bench/results.json. Not a test: nothing here
 * fails on timings, only on wrong results (cases 1–4 must round-trip, case 10 must save).
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runBundleCase } from './bundleCase';
import { runDiffCases, type CaseResults } from './diffCases';
import { runFieldCase } from './fieldCase';
import { runIndexCases } from './indexCases';
import { canCollectGarbage } from './measure';
import { runNetworkCases } from './networkCases';
import { runScaleCases } from './scaleCases';
import { runSchemaCases } from './schemaCases';
import { SEED } from './personas';
import { describeMachine, exitWith, reportRun, type Row } from './report';

const RESULTS_PATH = resolve(__dirname, '..', '..', 'bench', 'results.json');

const GROUPS: ReadonlyArray<[string, () => CaseResults | Promise<CaseResults>]> = [
  ['diff and save computation (1–5)', runDiffCases],
  ['pointer index, completions, diagnostics (6–8)', runIndexCases],
  ['network (9–10)', runNetworkCases],
  ['bundle (11)', runBundleCase],
  ['persona schema (12–13)', runSchemaCases],
  ['field documents (14)', runFieldCase],
  ['scale: 10,000 personas (15–16)', runScaleCases],
];

/** Orders rows by case number, then suffix: 1, 2, …, 5a, 5b, 6, …, 11a, 11b. */
function byCase(a: Row, b: Row): number {
  return parseInt(a.id, 10) - parseInt(b.id, 10) || a.id.localeCompare(b.id);
}

async function main(): Promise<number> {
  const machine = describeMachine();
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.platform}; seed ${SEED}`);
  if (!canCollectGarbage) {
    console.log('Warning: run with node --expose-gc, or each case starts on the garbage of the one before.');
  }
  const started = performance.now();
  const rows: Row[] = [];
  const failures: string[] = [];
  for (const [name, run] of GROUPS) {
    const groupStarted = performance.now();
    process.stdout.write(`Measuring ${name}… `);
    const result = await run();
    console.log(`${((performance.now() - groupStarted) / 1000).toFixed(1)} s`);
    rows.push(...result.rows);
    failures.push(...result.failures);
  }
  rows.sort(byCase);
  console.log(
    `\nMedians; ratios are subject ÷ lower bound (or peer). Total ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
  );
  return reportRun(RESULTS_PATH, machine, rows, failures);
}

exitWith(main);
