import { performance } from 'node:perf_hooks';
import { groupPersonas, SortedPersonas } from '../src/core/personaGroups';
import type { Persona } from '../src/core/json';
import { personaId, personaLabel } from '../src/core/personaRules';
import { createGeneratedPersonas } from '../test/server/generatedPersonas';
import type { CaseResults } from './diffCases';
import { timeEach } from './measure';
import { clientFor, CLIENT_LIST_CONCURRENCY, LATENCY_MS, listingFigures, type ListingRun } from './networkCases';
import { startSandboxProcess, type SandboxProcess } from './sandboxProcess';
import type { TavusClient } from '../src/tavus/client';
import { SEED } from './personas';
import { timingFigure, type Row } from './report';

const PERSONA_COUNT = 10_000;
const PAGE_SIZE = 100;
const LIST_RUNS = 7;
const MAX_FILTER_MS = 50;
/** Typed one character at a time into Filter Personas…, then deleted again: 20 keystrokes per round. */
const TYPED_FILTER = 'persona 07';

/** One listing, timed as networkCases' listOnce times it, with the requests counted at the sandbox process. */
async function listOnceAt(sandbox: SandboxProcess, client: TavusClient): Promise<ListingRun> {
  await sandbox.reset();
  const started = performance.now();
  const listing = await client.listPersonas();
  const totalMs = performance.now() - started;
  return { totalMs, requests: await sandbox.requestCount(), listed: listing.personas.length };
}

/**
 * Case 15: listing 10,000 personas page by page through a 50 ms-latency sandbox, with the client the
 * extension builds. The sandbox runs in its own process: in this one, its own work (serialising
 * 100 pages) would be charged to the client.
 */
async function listTenThousandRow(): Promise<Row> {
  const sandbox = await startSandboxProcess(['--latency', String(LATENCY_MS), '--generated', String(PERSONA_COUNT)]);
  const { client, transport } = clientFor(sandbox, PAGE_SIZE);
  try {
    await listOnceAt(sandbox, client);
    const runs: ListingRun[] = [];
    for (let i = 0; i < LIST_RUNS; i++) runs.push(await listOnceAt(sandbox, client));
    const figures = listingFigures(runs, PERSONA_COUNT, PAGE_SIZE);
    return {
      id: '15',
      title: figures.title,
      subject: figures.subject,
      bound: figures.bound,
      goal: `${figures.requestsGoal}; ${figures.ratioGoal}`,
      met: figures.met,
      note:
        `${figures.requests} requests per listing (max over ${runs.length} runs), counted by the sandbox; ` +
        `concurrency ${CLIENT_LIST_CONCURRENCY} (client default); sandbox in its own process${figures.complete ? '' : '; NOT every persona was listed'}`,
    };
  } finally {
    transport.dispose();
    sandbox.close();
  }
}

/**
 * Case 16: one keystroke in Filter Personas… with 10,000 personas listed: the rows the Personas tree
 * computes for both groups (PersonaTreeProvider.groupNode, which sorts each group once per listing)
 * and, per row shown, what getTreeItem (which VS Code calls for every row) reads of it: its label and
 * id; tooltips are made on hover. VS Code's own work, sending the rows to the workbench and
 * rendering them, is not in it.
 */
function filterRow(): Row {
  const groups = groupPersonas(createGeneratedPersonas(PERSONA_COUNT, SEED), []);
  const sortStarted = performance.now();
  const sorted = [new SortedPersonas(groups.mine), new SortedPersonas(groups.stock)];
  const sortMs = performance.now() - sortStarted;
  const prefixes = [...TYPED_FILTER].map((_, i) => TYPED_FILTER.slice(0, i + 1));
  const keystrokes = [...prefixes, ...[...prefixes].reverse().slice(1), ''];
  const rowOf = (persona: Persona) => `${personaLabel(persona)} ${personaId(persona) ?? ''}`;
  const rowsFor = (filter: string) => sorted.flatMap((group) => group.matching(filter)).map(rowOf);
  const timing = timeEach(keystrokes.length * 5, (i) => rowsFor(keystrokes[i % keystrokes.length]!));
  const rowCounts = prefixes.map((prefix) => rowsFor(prefix).length);
  return {
    id: '16',
    title: `Personas tree, ${PERSONA_COUNT.toLocaleString('en')} rows: rows for one filter keystroke`,
    subject: timingFigure('filter + rows', timing),
    goal: `p95 ≤ ${MAX_FILTER_MS} ms per keystroke`,
    met: timing.p95 <= MAX_FILTER_MS,
    showP95: true,
    note:
      `typing "${TYPED_FILTER}" and deleting it again (${rowCounts.join(', ')} rows as it is typed); ` +
      `sorting the groups once per listing takes ${sortMs.toFixed(1)} ms`,
  };
}

/** Cases 15 and 16. */
export async function runScaleCases(): Promise<CaseResults> {
  return { rows: [await listTenThousandRow(), filterRow()], failures: [] };
}
