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
import { summarise, type Timing } from '../measure';
import { formatPersona } from '../../src/core/personaDocument';
import { bigPersona, SEED } from '../personas';
import { describeMachine, exitWith, reportRun, timingFigure, countFigure, type Figure, type Row } from '../report';
import {
  activationToRows,
  BIG_PERSONA_ID,
  clickToText,
  patchCompletion,
  PATCH_FILE,
  PATCH_FILE_TEXT,
  PEER_FILE,
  saveAndApply,
  typingInBigPersona,
  typingInPlainFile,
  type Samples,
} from './cases';
import { describeGoal, meetsGoal, type UiGoal } from './goals';
import { runHeapCase } from './heapCase';
import { profileExtensionHost, profileRenderer } from './profiler';
import { startBenchSession, type BenchSession } from './session';

const RESULTS_PATH = resolve(__dirname, '..', '..', '..', 'bench', 'ui-results.json');
export const LATENCY_MS = 50;
const ACCOUNT_SIZE = 1000;
/** `BENCH_UI_RUNS=21`: more runs of the click cases, to tell two builds apart through the spread. */
const RUNS = Number(process.env.BENCH_UI_RUNS) || 7;
const KEYSTROKE_RUNS = 30;
/** `BENCH_UI_CASES=U3,U4,H`: only these cases (H: both heap cases); all by default. */
const ONLY = process.env.BENCH_UI_CASES?.split(',').map((id) => id.trim());
/** `BENCH_UI_PROFILE=dir`: CPU profiles of the extension host and the renderer for each step, and the heap case's snapshots, into dir. */
const PROFILE_DIR = process.env.BENCH_UI_PROFILE ? resolve(process.env.BENCH_UI_PROFILE) : undefined;
const INSPECT_PORT = PROFILE_DIR ? 9_339 : undefined;

type CaseId = 'U1' | 'U2' | 'U3' | 'U4' | 'U5' | 'U6';
/** A case's peer, measured in the same step: U6's, the same typing in a plain file. */
type PeerId = 'U6 peer';

interface UiCase {
  title: string;
  roundTrips: number;
  goal: Omit<UiGoal, 'boundMs'>;
}

const CASES: Record<CaseId, UiCase> = {
  U1: {
    title: `activation → first tree rows (${ACCOUNT_SIZE.toLocaleString('en')} personas)`,
    roundTrips: 1,
    goal: { factor: 1.3, slackMs: 150, on: 'median' },
  },
  U2: {
    title: 'click a persona row → its text visible (200 KB persona)',
    roundTrips: 1,
    goal: { factor: 1, slackMs: 150, on: 'median' },
  },
  U3: {
    title: 'Ctrl+S → preview dialog (200 KB persona, one field changed)',
    roundTrips: 0,
    goal: { factor: 1, slackMs: 150, on: 'median' },
  },
  U4: { title: 'Apply → tab clean', roundTrips: 3, goal: { factor: 1, slackMs: 150, on: 'median' } },
  U5: {
    title: 'patch file: "/" → completion list (5 MB target persona)',
    roundTrips: 0,
    goal: { factor: 1, slackMs: 100, on: 'p95' },
  },
  U6: {
    title: 'typing in the 5 MB persona document: keystroke → character on screen',
    roundTrips: 0,
    goal: { factor: 1, slackMs: 50, on: 'p95' },
  },
};

/**
 * The steps in the order they run; a step measures its cases, or prepares the next step's when
 * only those are wanted (the save cases need the 200 KB persona that the click opens).
 */
const STEPS: {
  name: string;
  serves: CaseId[];
  run(session: BenchSession, wanted: (id: CaseId) => boolean): Promise<Partial<Record<CaseId | PeerId, Samples>>>;
}[] = [
  {
    name: 'activation',
    serves: ['U1'],
    // Each run reloads the workbench, which starts a new extension host: each run is profiled on its own.
    run: async (session) => ({ U1: await activationToRows(session, RUNS, (run) => profiled(session, 'activation', run)) }),
  },
  {
    name: 'click to text',
    serves: ['U2', 'U3', 'U4'],
    run: async (session, wanted) => ({ U2: await clickToText(session, wanted('U2') ? RUNS : 1) }),
  },
  {
    name: 'save and apply',
    serves: ['U3', 'U4'],
    run: async (session) => {
      const { preview, apply } = await saveAndApply(session, RUNS);
      return { U3: preview, U4: apply };
    },
  },
  { name: 'patch completion', serves: ['U5'], run: async (session) => ({ U5: await patchCompletion(session, KEYSTROKE_RUNS) }) },
  {
    name: 'typing',
    serves: ['U6'],
    run: async (session) => ({
      U6: await typingInBigPersona(session, KEYSTROKE_RUNS),
      'U6 peer': await typingInPlainFile(session, KEYSTROKE_RUNS),
    }),
  },
];

/** The peer's median, and its p95 in the label: the table prints a peer's median only. */
function peerFigure(timing: Timing): Figure {
  return timingFigure(`plain file (p95 ${timing.p95.toPrecision(3)} ms)`, timing);
}

function row(id: CaseId, samples: Samples, peer: Samples | undefined): Row {
  const { title, roundTrips, goal } = CASES[id];
  const full: UiGoal = { ...goal, boundMs: roundTrips * LATENCY_MS };
  const timing = summarise(samples.ms);
  return {
    id,
    title,
    subject: timingFigure('measured', timing),
    ...(peer ? { peer: peerFigure(summarise(peer.ms)) } : {}),
    bound: countFigure(`${roundTrips} RTT × ${LATENCY_MS} ms`, 'ms', full.boundMs),
    goal: describeGoal(full),
    met: meetsGoal(timing, full),
    showP95: true,
    note: `${timing.samples} runs; /v2 requests of the run that made the most: ${describeRequests(samples.requests)}`,
  };
}

/** "3 (2 × GET /v2/personas/{id}, PATCH /v2/personas/{id})". */
function describeRequests(requests: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request, (counts.get(request) ?? 0) + 1);
  const shapes = [...counts].map(([shape, count]) => (count === 1 ? shape : `${count} × ${shape}`));
  return shapes.length ? `${requests.length} (${shapes.join(', ')})` : '0';
}

/** The unit tests' 5 MB persona shares its id with a fixture, so it gets its own here. */
function bigAccountPersona() {
  return { ...bigPersona(), persona_id: BIG_PERSONA_ID, persona_name: 'Five Megabytes' };
}

/** The account: the fixtures (with the 200 KB Policy Encyclopedia), generated fillers, and the 5 MB persona last. */
function account() {
  const fixtures = createFixturePersonas();
  const fillers = createGeneratedPersonas(ACCOUNT_SIZE - fixtures.length - 1, SEED).map((persona) => ({ persona }));
  return [...fixtures, ...fillers, { persona: bigAccountPersona() }];
}

/** Profiles of both processes around `run`, written to `${profileDir}/<step>.{extension-host,renderer}.cpuprofile`. */
async function profiled<T>(session: BenchSession, step: string, run: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR || !INSPECT_PORT) return run();
  const profiles = { 'extension-host': await profileExtensionHost(INSPECT_PORT), renderer: await profileRenderer(session.page) };
  const result = await run();
  for (const [process, profile] of Object.entries(profiles)) {
    await profile.stop(resolve(PROFILE_DIR, `${step.replace(/ /g, '-')}.${process}.cpuprofile`));
  }
  return result;
}

async function measureWorkbench(wanted: (id: CaseId) => boolean): Promise<Row[]> {
  const steps = STEPS.filter((s) => s.serves.some(wanted));
  if (steps.length === 0) return [];
  const session = await startBenchSession({
    sandbox: { personas: account(), latencyMs: LATENCY_MS },
    files: { [PATCH_FILE]: PATCH_FILE_TEXT, [PEER_FILE]: formatPersona(bigAccountPersona()) },
    inspectExtensionsPort: INSPECT_PORT,
  });
  const rows: Row[] = [];
  try {
    for (const step of steps) {
      const started = performance.now();
      process.stdout.write(`Measuring ${step.name}… `);
      const run = () => step.run(session, wanted);
      const result = step.name === 'activation' ? await run() : await profiled(session, step.name, run);
      const measured = (Object.entries(result) as [CaseId | PeerId, Samples][]).filter(([id]) =>
        wanted(id.split(' ')[0] as CaseId),
      );
      const medians = measured.map(([id, samples]) => `${id} ${summarise(samples.ms).median.toFixed(0)} ms`);
      console.log(`${((performance.now() - started) / 1000).toFixed(1)} s (medians: ${medians.join(', ')})`);
      for (const [id, samples] of measured) {
        if (id in CASES) rows.push(row(id as CaseId, samples, result[`${id} peer` as PeerId]));
      }
    }
    return rows;
  } finally {
    await session.close();
  }
}

async function main(): Promise<number> {
  const machine = describeMachine();
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.platform}; seed ${SEED}`);
  console.log(`Sandbox latency: ${LATENCY_MS} ms per /v2 request.`);
  const started = performance.now();
  const wanted = (id: string) => !ONLY || ONLY.includes(id);
  const rows = [...(await measureWorkbench(wanted)), ...(wanted('H') ? await runHeapCase(PROFILE_DIR) : [])];
  console.log(
    `\nMedians (p95); ratios are measured ÷ lower bound. Total ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
  );
  return reportRun(RESULTS_PATH, machine, rows);
}

exitWith(main);
