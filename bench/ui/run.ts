/**
 * `npm run bench:ui`: what a user waits for, end to end, in the real workbench (code-server and
 * Chromium, the UI-test host) against the bundled sandbox with 50 ms added to every /v2 request;
 * prints a table and writes the same figures to bench/ui-results.json. Not a test: timings never
 * fail it, only a case that cannot run does.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createFixturePersonas } from '../../test/server/fixtures';
import { createGeneratedPersonas } from '../../test/server/generatedPersonas';
import { summarise } from '../measure';
import { bigPersona, SEED } from '../personas';
import { describeMachine, exitWith, reportRun, timingFigure, countFigure, type Row } from '../report';
import {
  activationToRows,
  BIG_PERSONA_ID,
  clickToText,
  patchCompletion,
  PATCH_FILE,
  PATCH_FILE_TEXT,
  saveAndApply,
  typingInBigPersona,
  type Samples,
} from './cases';
import { describeGoal, meetsGoal, type UiGoal } from './goals';
import { runHeapCase } from './heapCase';
import { startBenchSession } from './session';

const RESULTS_PATH = resolve(__dirname, '..', '..', '..', 'bench', 'ui-results.json');
export const LATENCY_MS = 50;
const ACCOUNT_SIZE = 1000;
const RUNS = 7;
const KEYSTROKE_RUNS = 30;

function row(id: string, title: string, samples: Samples, roundTrips: number, goal: Omit<UiGoal, 'boundMs'>): Row {
  const full: UiGoal = { ...goal, boundMs: roundTrips * LATENCY_MS };
  const timing = summarise(samples.ms);
  return {
    id,
    title,
    subject: timingFigure('measured', timing),
    bound: countFigure(`${roundTrips} RTT × ${LATENCY_MS} ms`, 'ms', full.boundMs),
    goal: describeGoal(full),
    met: meetsGoal(timing, full),
    showP95: true,
    note: `${timing.samples} runs; /v2 requests made by one run: ${samples.requests} (max)`,
  };
}

/** The account: the fixtures (with the 200 KB Policy Encyclopedia), generated fillers, and the 5 MB persona last. */
function account() {
  const fixtures = createFixturePersonas();
  const fillers = createGeneratedPersonas(ACCOUNT_SIZE - fixtures.length - 1, SEED).map((persona) => ({ persona }));
  // The unit tests' 5 MB persona shares its id with a fixture, so it gets its own here.
  return [...fixtures, ...fillers, { persona: { ...bigPersona(), persona_id: BIG_PERSONA_ID, persona_name: 'Five Megabytes' } }];
}

async function measureWorkbench(): Promise<Row[]> {
  const session = await startBenchSession({
    sandbox: { personas: account(), latencyMs: LATENCY_MS },
    files: { [PATCH_FILE]: PATCH_FILE_TEXT },
  });
  try {
    const step = async <T extends Samples | Record<string, Samples>>(name: string, run: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      process.stdout.write(`Measuring ${name}… `);
      const result = await run();
      const all: Record<string, Samples> = 'ms' in result ? { [name]: result as Samples } : result;
      const medians = Object.entries(all).map(([what, samples]) => `${what} ${summarise(samples.ms).median.toFixed(0)} ms`);
      console.log(`${((performance.now() - started) / 1000).toFixed(1)} s (medians: ${medians.join(', ')})`);
      return result;
    };
    const activation = await step('activation', () => activationToRows(session, RUNS));
    const click = await step('click to text', () => clickToText(session, RUNS));
    const { preview, apply } = await step('save and apply', () => saveAndApply(session, RUNS));
    const completion = await step('patch completion', () => patchCompletion(session, KEYSTROKE_RUNS));
    const typing = await step('typing', () => typingInBigPersona(session, KEYSTROKE_RUNS));
    return [
      row('U1', `activation → first tree rows (${ACCOUNT_SIZE.toLocaleString('en')} personas)`, activation, 1, {
        factor: 1.3,
        slackMs: 150,
        on: 'median',
      }),
      row('U2', 'click a persona row → its text visible (200 KB persona)', click, 1, { factor: 1, slackMs: 150, on: 'median' }),
      row('U3', 'Ctrl+S → preview dialog (200 KB persona, one field changed)', preview, 0, {
        factor: 1,
        slackMs: 150,
        on: 'median',
      }),
      row('U4', 'Apply → tab clean', apply, 3, { factor: 1, slackMs: 150, on: 'median' }),
      row('U5', 'patch file: "/" → completion list (5 MB target persona)', completion, 0, { factor: 1, slackMs: 100, on: 'p95' }),
      row('U6', 'typing in the 5 MB persona document: keystroke → character on screen', typing, 0, {
        factor: 1,
        slackMs: 50,
        on: 'p95',
      }),
    ];
  } finally {
    await session.close();
  }
}

async function main(): Promise<number> {
  const machine = describeMachine();
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.platform}; seed ${SEED}`);
  console.log(`Sandbox latency: ${LATENCY_MS} ms per /v2 request.`);
  const started = performance.now();
  const rows = [...(await measureWorkbench()), ...(await runHeapCase())];
  console.log(
    `\nMedians (p95); ratios are measured ÷ lower bound. Total ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
  );
  return reportRun(RESULTS_PATH, machine, rows);
}

exitWith(main);
