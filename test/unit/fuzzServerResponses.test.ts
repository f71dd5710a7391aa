import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isJsonObject, type Persona } from '../../src/core/json';
import type { PersonaListing } from '../../src/tavus/api';
import { unwrapPersona } from '../../src/tavus/client';
import { TavusError } from '../../src/tavus/errors';
import { listAllPages } from '../../src/tavus/paging';
import { caseRandom, fuzzCases, fuzzSeed, HOSTILE_VOCABULARY, hostileString, Random, randomJson } from './support/random';

const SEED = fuzzSeed(0x5eed_1157);
const LIST_CASES = 10_000;
const GET_CASES = 10_000;
/** listAllPages's own limit; no server may make it fetch more pages than this. */
const MAX_FETCHES = 2_000;

// ---- Server behaviour ----

type Paging = 'honest' | 'ignoresPage' | 'randomPages' | 'endless';

interface ListCase {
  paging: Paging;
  pageSize: number;
  concurrency: number;
  /** What an honest server pages through. */
  items: unknown[];
  /** What total_count says, one picked per page: missing (undefined), the truth, or something wrong. */
  totals: unknown[];
  /** How likely a page is to come without a usable `data` array. */
  brokenRate: number;
  /** Seeds each page's randomness, so a page's body does not depend on the order pages are asked for. */
  seed: number;
}

/** A list item: a persona, or something that only looks like one, or not even an object. */
function randomItem(random: Random, idSpace: number): unknown {
  const id = `p${random.int(idSpace)}`;
  switch (random.int(12)) {
    case 0:
      return { pal_id: id, pal_name: 'PAL era' };
    case 1:
      return { persona_id: random.pick(['', 7, null, true, ['p1'], { id }]), persona_name: 'no usable id' };
    case 2:
      return { persona_id: '', pal_id: id };
    case 3:
      return { persona_name: 'no id at all' };
    case 4:
      return random.pick([null, 1, 'p1', true, [], [{ persona_id: 'p1' }]]);
    case 5:
      return JSON.parse(`{"__proto__": {"persona_id": "${id}"}, "constructor": {"persona_id": "${id}"}}`);
    case 6:
      return randomJson(random, 2, HOSTILE_VOCABULARY);
    default:
      return { persona_id: random.chance(0.9) ? id : hostileString(random), persona_name: hostileString(random, 3) };
  }
}

const BROKEN_BODIES = [
  null,
  [],
  'data',
  0,
  {},
  { data: null },
  { data: {} },
  { data: 'x' },
  { data: { 0: { persona_id: 'p1' } } },
  { items: [] },
];
const WRONG_TOTALS = [-1, -100, 0, 1, 3, 2.5, '12', null, true, [], {}, 1e300, Number.MAX_SAFE_INTEGER + 2, -0];

function randomListCase(random: Random): ListCase {
  const paging: Paging = random.chance(0.005)
    ? 'endless'
    : random.pick(['honest', 'honest', 'honest', 'ignoresPage', 'randomPages']);
  const pageSize = paging === 'endless' ? random.between(1, 5) : random.pick([1, 2, 3, 5, 10, 100, random.between(1, 100)]);
  const idSpace = random.pick([3, 20, 1_000_000]);
  const items = Array.from({ length: random.int(pageSize * random.pick([0, 1, 3, 8]) + 2) }, () => randomItem(random, idSpace));
  const totals = random.pick([
    [undefined],
    [items.length],
    [random.pick(WRONG_TOTALS)],
    [undefined, items.length, ...WRONG_TOTALS],
  ]);
  return {
    paging,
    pageSize,
    concurrency: random.between(1, 6),
    items,
    totals,
    brokenRate: random.pick([0, 0, 0, 0.05, 0.3]),
    seed: random.int(2 ** 32),
  };
}

/** The body the case's server sends for `page`. */
function pageBody(server: ListCase, page: number, limit: number): unknown {
  const random = caseRandom(server.seed, page);
  if (random.chance(server.brokenRate)) return random.pick(BROKEN_BODIES);
  let data: unknown[];
  if (server.paging === 'endless') {
    data = Array.from({ length: limit }, (_, i) => ({ persona_id: `p${page}-${i}` }));
  } else if (server.paging === 'randomPages') {
    data = Array.from({ length: random.int(limit + 3) }, () => random.pick(server.items.length > 0 ? server.items : [null]));
  } else {
    const from = server.paging === 'ignoresPage' ? 0 : (page - 1) * limit;
    data = server.items.slice(from, from + limit);
  }
  const total = random.pick(server.totals);
  return total === undefined ? { data } : { data, total_count: total };
}

// ---- Oracles ----

const hasDataArray = (body: unknown): body is { data: unknown[]; total_count?: unknown } =>
  isJsonObject(body) && Array.isArray(body.data);

/** The id a list item is known by: a non-empty persona_id, else a non-empty pal_id (own members only). */
function idOf(item: unknown): string | undefined {
  if (!isJsonObject(item)) return undefined;
  for (const key of ['persona_id', 'pal_id']) {
    const value = Object.hasOwn(item, key) ? item[key] : undefined;
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Whether `listing` is what pages 1…k give for some k (all of them fetched and usable), in page order. */
function isListingOfFirstPages(listing: PersonaListing, bodies: ReadonlyMap<number, unknown>): boolean {
  const size = listing.personas.length + listing.skipped.length;
  const personas: Persona[] = [];
  const skipped: PersonaListing['skipped'] = [];
  const seen = new Set<string>();
  let totalCount: number | undefined;
  for (let page = 1; hasDataArray(bodies.get(page)); page++) {
    const body = bodies.get(page) as { data: unknown[]; total_count?: unknown };
    const total = body.total_count;
    if (typeof total === 'number' && Number.isInteger(total) && total >= 0) totalCount = total;
    for (const item of body.data) {
      const id = idOf(item);
      if (id === undefined || seen.has(id)) {
        skipped.push({ page, reason: '' });
      } else {
        seen.add(id);
        personas.push(item as Persona);
      }
    }
    if (personas.length + skipped.length > size) return false;
    if (personas.length + skipped.length === size && sameListing(listing, { personas, skipped, totalCount })) return true;
  }
  return false;
}

function sameListing(actual: PersonaListing, expected: PersonaListing): boolean {
  return (
    actual.totalCount === expected.totalCount &&
    actual.personas.length === expected.personas.length &&
    actual.personas.every((persona, i) => persona === expected.personas[i]) &&
    actual.skipped.length === expected.skipped.length &&
    actual.skipped.every((skip, i) => skip.page === expected.skipped[i]!.page)
  );
}

function checkListing(listing: PersonaListing, bodies: ReadonlyMap<number, unknown>): void {
  const ids = listing.personas.map(idOf);
  assert.ok(
    ids.every((id) => id !== undefined),
    'a persona without an id was listed',
  );
  assert.equal(new Set(ids).size, ids.length, 'a persona was listed twice');
  for (const skip of listing.skipped) {
    assert.ok(bodies.has(skip.page), `skipped an item of page ${skip.page}, which was never fetched`);
    assert.match(skip.reason, /\w{3}/, 'a skipped item without a reason');
  }
  assert.ok(
    isListingOfFirstPages(listing, bodies),
    `the listing (${listing.personas.length} personas, ${listing.skipped.length} skipped, total ${listing.totalCount}) is not what pages 1…k give for any k`,
  );
}

async function checkListCase(server: ListCase): Promise<'listed' | 'rejected'> {
  const bodies = new Map<number, unknown>();
  let fetches = 0;
  let progressReports = 0;
  let listedSoFar = 0;
  const random = new Random(server.seed);
  const fetchPage = async (page: number, limit: number): Promise<unknown> => {
    fetches++;
    assert.ok(fetches <= MAX_FETCHES, `more than ${MAX_FETCHES} pages fetched`);
    assert.equal(limit, server.pageSize);
    const body = pageBody(server, page, limit);
    bodies.set(page, body);
    for (let ticks = random.int(3); ticks > 0; ticks--) await Promise.resolve(); // pages of a batch answer out of order
    return body;
  };
  const onProgress = (listing: PersonaListing): void => {
    progressReports++;
    assert.ok(listing.personas.length >= listedSoFar, 'progress went backwards');
    listedSoFar = listing.personas.length;
  };
  let listing: PersonaListing;
  try {
    listing = await listAllPages({ pageSize: server.pageSize, concurrency: server.concurrency, fetchPage, onProgress });
  } catch (error) {
    if (!(error instanceof TavusError)) throw error;
    assert.equal(error.kind, 'badResponse', error.message);
    assert.ok(
      [...bodies.values()].some((body) => !hasDataArray(body)),
      `rejected a list whose pages all had a data array: ${error.message}`,
    );
    return 'rejected';
  }
  assert.ok(progressReports > 0, 'no progress was reported');
  assert.equal(listing.personas.length, listedSoFar, 'the last progress report was not the listing');
  checkListing(listing, bodies);
  return 'listed';
}

function describeListCase(server: ListCase): string {
  const { paging, pageSize, concurrency, brokenRate, totals, items } = server;
  return JSON.stringify({ paging, pageSize, concurrency, brokenRate, totals, items }).slice(0, 3000);
}

// ---- GET bodies ----

const PERSONA = { persona_id: 'p1', persona_name: 'One' };

function randomGetBody(random: Random): unknown {
  switch (random.int(10)) {
    case 0:
      return { ...PERSONA };
    case 1:
      return { pal_id: 'p1', data: [{ persona_id: 'p2' }] };
    case 2:
      return { data: [randomItem(random, 5), ...Array.from({ length: random.int(3) }, () => randomItem(random, 5))] };
    case 3:
      return random.pick([{ data: [] }, { data: {} }, { data: null }, { data: 'p1' }, { data: [[PERSONA]] }, { data: [null] }]);
    case 4:
      return random.pick([null, undefined, 0, 'p1', true, [], [PERSONA]]);
    case 5:
      return JSON.parse('{"__proto__": {"persona_id": "p1"}, "data": [{"persona_id": "p2"}]}');
    case 6:
      return randomItem(random, 5);
    default:
      return randomJson(random, 3, HOSTILE_VOCABULARY);
  }
}

function checkGetBody(body: unknown): void {
  let persona: Persona;
  try {
    persona = unwrapPersona(body, '/v2/personas/p1');
  } catch (error) {
    assert.ok(error instanceof TavusError, `threw ${String(error)}`);
    assert.equal(error.kind, 'badResponse');
    assert.equal(error.path, '/v2/personas/p1');
    assert.ok(idOf(body) === undefined, 'refused a bare persona');
    assert.ok(!hasDataArray(body) || !isJsonObject(body.data[0]), 'refused {"data": [persona]}');
    return;
  }
  assert.ok(isJsonObject(persona), 'returned something that is not an object');
  const wrapped = hasDataArray(body) ? body.data[0] : undefined;
  assert.ok(persona === body || persona === wrapped, 'returned something that is neither the body nor its data[0]');
  if (idOf(body) !== undefined) assert.equal(persona, body, 'unwrapped a bare persona');
  const plainlyWrapped =
    hasDataArray(body) && !Object.hasOwn(body, 'persona_id') && !Object.hasOwn(body, 'pal_id') && isJsonObject(wrapped);
  if (plainlyWrapped) assert.equal(persona, wrapped, 'did not unwrap {"data": [persona]}');
}

describe('fuzz: server responses', () => {
  it(`listAllPages terminates on ${LIST_CASES} random servers, listing the valid personas and reporting the rest (seed ${SEED})`, async () => {
    const outcomes = { listed: 0, rejected: 0 };
    await fuzzCases(
      SEED,
      LIST_CASES,
      randomListCase,
      async (server) => void outcomes[await checkListCase(server)]++,
      describeListCase,
    );
    // The servers must be bad often enough to reject some lists, and not so often that none gets listed.
    assert.ok(outcomes.listed > LIST_CASES / 2 && outcomes.rejected > LIST_CASES / 50, JSON.stringify(outcomes));
  });

  it(`unwrapPersona returns an object or throws badResponse for ${GET_CASES} random bodies (seed ${SEED})`, async () => {
    await fuzzCases(SEED, GET_CASES, randomGetBody, checkGetBody, (body) => JSON.stringify(body) ?? String(body));
  });
});
