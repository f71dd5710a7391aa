import { performance } from 'node:perf_hooks';
import { jsonEqual } from '../src/core/diff';
import type { Persona } from '../src/core/json';
import { formatPersona } from '../src/core/personaDocument';
import { computeSave } from '../src/core/saveComputation';
import { TavusClient } from '../src/tavus/client';
import { HttpTransport } from '../src/tavus/http';
import { createGeneratedPersonas } from '../test/server/generatedPersonas';
import { startTavusServer, type TavusServer } from '../test/server/tavusServer';
import type { CaseResults } from './diffCases';
import { median } from './measure';
import { SEED } from './personas';
import { countFigure, ratio, type Figure, type Row } from './report';

const PERSONA_COUNT = 1000;
const PAGE_SIZE = 100;
export const LATENCY_MS = 50;
/** TavusClient's default `listConcurrency`, which the extension uses (createClient.ts passes none). */
export const CLIENT_LIST_CONCURRENCY = 4;
const LIST_RUNS = 7;
/** The listing cases' goal: at most this many times the ideal time. */
const MAX_LIST_RATIO = 1.3;
const MAX_SAVE_REQUESTS = 3;

/** A client built as the extension builds it (createClient.ts), pointed at the local server. */
export function clientFor(
  server: Pick<TavusServer, 'url' | 'apiKey'>,
  pageSize = PAGE_SIZE,
): { client: TavusClient; transport: HttpTransport } {
  const transport = new HttpTransport({
    settings: async () => ({ baseUrl: server.url, apiKey: server.apiKey, timeoutMs: 10_000 }),
  });
  return { client: new TavusClient(transport, { pageSize: () => pageSize }), transport };
}

/** One timed listing: how long it took, the requests the server counted, the personas it returned. */
export interface ListingRun {
  totalMs: number;
  requests: number;
  listed: number;
}

interface ListRun extends ListingRun {
  firstPageMs: number;
  requestsBeforeFirstPage: number;
}

/** What the listing cases (9, 15) report of their runs, against the ideal time of a paged listing. */
export interface ListingFigures {
  pages: number;
  title: string;
  subject: Figure;
  /** The ideal: the first page, then the rest `CLIENT_LIST_CONCURRENCY` at a time, one latency each. */
  bound: Figure;
  /** The most requests one listing made. */
  requests: number;
  /** Every listing returned every persona. */
  complete: boolean;
  /** The goal of exactly one request per page, and the one on the ratio to the ideal. */
  requestsGoal: string;
  ratioGoal: string;
  /** Every listing made exactly one request per page and returned every persona, and the median is within the ratio. */
  met: boolean;
}

/** The figures of `runs`, listings of `personaCount` personas `pageSize` at a time through a `LATENCY_MS` server. */
export function listingFigures(runs: readonly ListingRun[], personaCount: number, pageSize: number): ListingFigures {
  const pages = Math.ceil(personaCount / pageSize);
  const idealMs = LATENCY_MS * (1 + Math.ceil((pages - 1) / CLIENT_LIST_CONCURRENCY));
  const subject: Figure = {
    label: 'listPersonas',
    unit: 'ms',
    median: median(runs.map((run) => run.totalMs)),
    samples: runs.length,
  };
  const bound = countFigure(`ideal ${LATENCY_MS} ms × (1 + ⌈${pages - 1}/${CLIENT_LIST_CONCURRENCY}⌉)`, 'ms', idealMs);
  const complete = runs.every((run) => run.listed === personaCount);
  return {
    pages,
    title: `list ${personaCount.toLocaleString('en')} personas, page size ${pageSize}, ${LATENCY_MS} ms latency`,
    subject,
    bound,
    requests: Math.max(...runs.map((run) => run.requests)),
    complete,
    requestsGoal: `exactly ${pages} requests`,
    ratioGoal: `≤ ${MAX_LIST_RATIO}× ideal`,
    met: runs.every((run) => run.requests === pages) && complete && ratio(subject, bound)! <= MAX_LIST_RATIO,
  };
}

async function listOnce(server: TavusServer, client: TavusClient): Promise<ListRun> {
  server.reset();
  let firstPageMs: number | undefined;
  let requestsBeforeFirstPage = 0;
  const started = performance.now();
  const listing = await client.listPersonas({
    onProgress: () => {
      if (firstPageMs !== undefined) return;
      firstPageMs = performance.now() - started;
      requestsBeforeFirstPage = server.requests.length;
    },
  });
  const totalMs = performance.now() - started;
  return {
    totalMs,
    firstPageMs: firstPageMs ?? totalMs,
    requestsBeforeFirstPage,
    requests: server.requests.length,
    listed: listing.personas.length,
  };
}

/** Case 9: listing 1,000 personas page by page through a 50 ms-latency server. */
async function listRow(): Promise<Row> {
  const personas = createGeneratedPersonas(PERSONA_COUNT, SEED).map((persona) => ({ persona }));
  const server = await startTavusServer({ personas, latencyMs: LATENCY_MS });
  const { client, transport } = clientFor(server);
  try {
    await listOnce(server, client); // warm-up: connections, JIT
    const runs: ListRun[] = [];
    for (let i = 0; i < LIST_RUNS; i++) runs.push(await listOnce(server, client));
    const figures = listingFigures(runs, PERSONA_COUNT, PAGE_SIZE);
    const firstAfter = Math.max(...runs.map((run) => run.requestsBeforeFirstPage));
    return {
      id: '9',
      title: figures.title,
      subject: figures.subject,
      bound: figures.bound,
      goal: `${figures.requestsGoal}; first page after 1 request; ${figures.ratioGoal}`,
      met: figures.met && firstAfter === 1,
      note:
        `${figures.requests} requests per listing (max over ${runs.length} runs); first page shown after ${firstAfter} request(s), ` +
        `at ${median(runs.map((run) => run.firstPageMs)).toFixed(1)} ms (median); concurrency ${CLIENT_LIST_CONCURRENCY} (client default)` +
        (figures.complete ? '' : '; NOT every persona was listed'),
    };
  } finally {
    transport.dispose();
    await server.close();
  }
}

/**
 * Case 10: the requests of one save, made in the order SavePipeline.push/send makes them
 * (freshness GET, guarded PATCH, re-read GET) with the real client, counted at the server.
 * The pipeline itself needs the VS Code API; test/integration/save.test.ts asserts the same
 * sequence in the real extension host ("at most three requests per save").
 */
async function saveRequestsRow(failures: string[]): Promise<Row> {
  const server = await startTavusServer();
  const { client, transport } = clientFor(server);
  const goal = `≤ ${MAX_SAVE_REQUESTS} (re-check GET, PATCH, re-read GET)`;
  try {
    const listed = await client.listPersonas({ personaType: 'user' });
    const id = String(listed.personas[0]!.persona_id);
    const base = await client.getPersona(id);
    const edited: Persona = { ...base, system_prompt: `${String(base.system_prompt)} Be brief.` };
    const computed = computeSave(base, formatPersona(edited), { guardWithTestOps: true });
    if (computed.kind !== 'changes') throw new Error(`the save computation found ${computed.kind}`);

    server.requests.length = 0;
    const current = await client.getPersona(id);
    if (!jsonEqual(current, base)) throw new Error('the persona changed on the server before the save');
    const outcome = await client.patchPersona(id, computed.body);
    const reread = await client.getPersona(id);
    if (!outcome.changed || reread.system_prompt !== edited.system_prompt) throw new Error('the PATCH did not store the change');

    const methods = server.requests.map((request) => request.method);
    return {
      id: '10',
      title: 'requests per save of a changed persona',
      subject: countFigure('requests', 'requests', methods.length),
      goal,
      met: methods.length <= MAX_SAVE_REQUESTS,
      note:
        `${methods.join(', ')}: the request sequence of SavePipeline.push/send replayed with the real client against the local server; ` +
        'test/integration/save.test.ts ("at most three requests per save") asserts the same sequence in the real extension host',
    };
  } catch (error) {
    failures.push(`case 10: ${(error as Error).message}`);
    return { id: '10', title: 'requests per save of a changed persona', goal, note: (error as Error).message };
  } finally {
    transport.dispose();
    await server.close();
  }
}

/** Cases 9 and 10. */
export async function runNetworkCases(): Promise<CaseResults> {
  const failures: string[] = [];
  const rows = [await listRow(), await saveRequestsRow(failures)];
  return { rows, failures };
}
