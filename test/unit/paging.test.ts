import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Persona } from '../../src/core/json';
import type { PersonaListing } from '../../src/tavus/api';
import { TavusError } from '../../src/tavus/errors';
import { listAllPages, type PagingOptions } from '../../src/tavus/paging';

function personas(count: number, prefix = 'p'): Persona[] {
  return Array.from({ length: count }, (_, i) => ({ persona_id: `${prefix}${i}`, persona_name: `Persona ${i}` }));
}

const idsOf = (listing: PersonaListing): unknown[] => listing.personas.map((p) => p.persona_id ?? p.pal_id);

interface FakeSource {
  /** Page numbers in the order they were requested. */
  calls: number[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  fetchPage: PagingOptions['fetchPage'];
}

interface FakeOptions {
  /** What to send as total_count; leave out for none, `'actual'` for the item count. */
  total?: unknown;
  /** Milliseconds before a page answers. */
  delay?: (page: number) => number;
  /** Replaces the default body, a slice of `items`. */
  body?: (page: number, limit: number) => unknown;
}

/** An in-memory page source that serves `items` the way Tavus pages them (1-based `page`, `limit` per page). */
function fakeSource(items: readonly unknown[], options: FakeOptions = {}): FakeSource {
  let inFlight = 0;
  const source: FakeSource = {
    calls: [],
    maxInFlight: 0,
    fetchPage: async (page, limit) => {
      source.calls.push(page);
      inFlight++;
      source.maxInFlight = Math.max(source.maxInFlight, inFlight);
      const ms = options.delay?.(page) ?? 0;
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight--;
      if (options.body) return options.body(page, limit);
      const data = items.slice((page - 1) * limit, page * limit);
      const total = options.total === 'actual' ? items.length : options.total;
      return total === undefined ? { data } : { data, total_count: total };
    },
  };
  return source;
}

function list(source: FakeSource, extra: Partial<PagingOptions> = {}): Promise<PersonaListing> {
  return listAllPages({ pageSize: 100, concurrency: 4, fetchPage: source.fetchPage, ...extra });
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('listAllPages: request counts', () => {
  it('fetches exactly the pages total_count calls for', async () => {
    const items = personas(1000);
    const source = fakeSource(items, { total: 'actual' });
    const listing = await list(source);
    assert.deepEqual(
      [...source.calls].sort((a, b) => a - b),
      range(1, 10),
    );
    assert.deepEqual(listing.personas, items);
    assert.equal(listing.totalCount, 1000);
    assert.deepEqual(listing.skipped, []);
  });

  it('stops after the last full page when the items end exactly there', async () => {
    const source = fakeSource(personas(200), { total: 'actual' });
    assert.equal((await list(source)).personas.length, 200);
    assert.deepEqual(source.calls, [1, 2]);
  });

  it('starts at page 1 and asks for the page size', async () => {
    const seen: Array<[number, number]> = [];
    await listAllPages({
      pageSize: 25,
      concurrency: 1,
      fetchPage: async (page, limit) => {
        seen.push([page, limit]);
        return { data: personas(page === 1 ? 25 : 3, `p${page}-`) };
      },
    });
    assert.deepEqual(seen, [
      [1, 25],
      [2, 25],
    ]);
  });

  it('fetches one page at a time while the total is unknown', async () => {
    const source = fakeSource(personas(450), { delay: () => 2 });
    assert.equal((await list(source)).personas.length, 450);
    assert.deepEqual(source.calls, [1, 2, 3, 4, 5]);
    assert.equal(source.maxInFlight, 1);
  });

  it('gives up after 2,000 pages of a server that never ends', async () => {
    let served = 0;
    const listing = await listAllPages({
      pageSize: 1,
      concurrency: 8,
      fetchPage: async () => ({ data: [{ persona_id: `p${served++}` }] }),
    });
    assert.equal(served, 2000);
    assert.equal(listing.personas.length, 2000);
  });
});

describe('listAllPages: progress and order', () => {
  it('reports progress after page 1 alone, before fetching more', async () => {
    const source = fakeSource(personas(1000), { total: 'actual' });
    const callsAtProgress: number[][] = [];
    await list(source, { onProgress: () => callsAtProgress.push([...source.calls]) });
    assert.deepEqual(callsAtProgress[0], [1]);
    assert.equal(callsAtProgress.length, 10);
  });

  it('delivers pages in order even when they arrive out of order', async () => {
    const items = personas(1000);
    // Within each batch the later pages answer first.
    const source = fakeSource(items, { total: 'actual', delay: (page) => (page === 1 ? 0 : (12 - page) * 3) });
    const progress: unknown[][] = [];
    const listing = await list(source, { onProgress: (snapshot) => progress.push(idsOf(snapshot)) });
    assert.ok(source.maxInFlight > 1, 'pages were fetched concurrently');
    assert.deepEqual(listing.personas, items);
    assert.deepEqual(
      progress.map((ids) => ids.length),
      range(1, 10).map((page) => page * 100),
    );
    for (const ids of progress) {
      assert.deepEqual(
        ids,
        items.slice(0, ids.length).map((p) => p.persona_id),
      );
    }
  });

  it('gives each progress report its own copy', async () => {
    const snapshots: PersonaListing[] = [];
    await list(fakeSource(personas(150)), { onProgress: (snapshot) => snapshots.push(snapshot) });
    assert.deepEqual(
      snapshots.map((s) => s.personas.length),
      [100, 150],
    );
  });
});

describe('listAllPages: stopping rules', () => {
  it('stops on a short page', async () => {
    const source = fakeSource(personas(250));
    assert.equal((await list(source)).personas.length, 250);
    assert.deepEqual(source.calls, [1, 2, 3]);
  });

  it('stops on an empty page', async () => {
    const source = fakeSource(personas(200));
    assert.equal((await list(source)).personas.length, 200);
    assert.deepEqual(source.calls, [1, 2, 3]);
  });

  it('stops on an empty first page', async () => {
    const source = fakeSource([], { total: 0 });
    assert.deepEqual(await list(source), { personas: [], totalCount: 0, skipped: [] });
    assert.deepEqual(source.calls, [1]);
  });

  it('stops once total_count items were seen', async () => {
    const items = personas(1000);
    const source = fakeSource(items, { total: 300 });
    const listing = await list(source);
    assert.deepEqual(listing.personas, items.slice(0, 300));
    assert.deepEqual(
      [...source.calls].sort((a, b) => a - b),
      [1, 2, 3],
    );
  });

  it('terminates with a total_count that is too small', async () => {
    const items = personas(250);
    const source = fakeSource(items, { total: 50 });
    const listing = await list(source);
    assert.ok(listing.personas.length >= 50);
    assert.deepEqual(listing.personas, items.slice(0, listing.personas.length));
    assert.equal(listing.totalCount, 50);
  });

  it('terminates with a total_count that is too large, returning every item', async () => {
    const items = personas(250);
    const source = fakeSource(items, { total: 100_000 });
    const listing = await list(source);
    assert.deepEqual(listing.personas, items);
    assert.ok(source.calls.length <= 5, `${source.calls.length} calls`);
  });

  for (const total of [-5, '250', 99.5, null, { n: 250 }]) {
    it(`ignores total_count ${JSON.stringify(total)} and pages until a short page`, async () => {
      const items = personas(250);
      const source = fakeSource(items, { total });
      const listing = await list(source);
      assert.deepEqual(listing.personas, items);
      assert.equal(listing.totalCount, undefined);
      assert.deepEqual(source.calls, [1, 2, 3]);
    });
  }

  it('terminates when the server ignores page and repeats page 1 forever', async () => {
    const page = personas(100);
    for (const total of [undefined, 1000]) {
      const source = fakeSource([], { body: () => ({ data: page, ...(total === undefined ? {} : { total_count: total }) }) });
      const listing = await list(source);
      assert.deepEqual(listing.personas, page);
      assert.ok(source.calls.length <= 5, `${source.calls.length} calls`);
      assert.ok(listing.skipped.length >= 100);
      assert.ok(listing.skipped.every((s) => s.page > 1 && s.reason.startsWith('a duplicate of persona')));
    }
  });
});

describe('listAllPages: item checks', () => {
  it('skips and reports duplicates across pages', async () => {
    const items = [...personas(100), { persona_id: 'p7', persona_name: 'again' }, ...personas(10, 'q')];
    const listing = await list(fakeSource(items));
    assert.equal(listing.personas.length, 110);
    assert.equal(listing.personas.find((p) => p.persona_id === 'p7')?.persona_name, 'Persona 7');
    assert.deepEqual(listing.skipped, [{ page: 2, reason: 'a duplicate of persona p7' }]);
  });

  it('skips and reports items without an id and non-objects', async () => {
    const items = [{ persona_id: 'p1' }, { persona_name: 'no id' }, { persona_id: '' }, null, 'p2', 7, ['p3'], { pal_id: 'p4' }];
    const listing = await list(fakeSource(items));
    assert.deepEqual(idsOf(listing), ['p1', 'p4']);
    assert.equal(listing.skipped.length, 6);
    assert.ok(listing.skipped.every((s) => s.page === 1 && s.reason === 'an item without a persona_id'));
  });

  it('keeps the items as the server sent them', async () => {
    const item = { persona_id: 'p1', layers: { llm: { model: 'm' } }, extra: [1, null] };
    assert.deepEqual((await list(fakeSource([item]))).personas, [item]);
  });
});

describe('listAllPages: bad responses', () => {
  for (const [what, body] of [
    ['no data', { total_count: 3 }],
    ['data as an object', { data: { persona_id: 'p1' } }],
    ['data as null', { data: null }],
    ['a bare array', [{ persona_id: 'p1' }]],
    ['null', null],
    ['a string', 'OK'],
  ] as const) {
    it(`rejects a page with ${what} as badResponse`, async () => {
      await assert.rejects(list(fakeSource([], { body: () => body })), (error: unknown) => {
        assert.ok(error instanceof TavusError);
        assert.equal(error.kind, 'badResponse');
        assert.match(error.message, /page 1 .*"data" array/);
        return true;
      });
    });
  }

  it('rejects a bad later page, naming it', async () => {
    const source = fakeSource([], { body: (page) => (page === 3 ? {} : { data: personas(100, `p${page}-`), total_count: 500 }) });
    await assert.rejects(
      list(source),
      (error: unknown) => error instanceof TavusError && error.kind === 'badResponse' && /page 3/.test(error.message),
    );
  });

  it('passes on errors from fetching', async () => {
    const failure = new TavusError('down', { kind: 'server', status: 503 });
    await assert.rejects(
      listAllPages({ pageSize: 100, concurrency: 4, fetchPage: async () => Promise.reject(failure) }),
      (error: unknown) => error === failure,
    );
  });
});

describe('listAllPages: a server that serves fewer items than asked (issue 10, item 10)', () => {
  /** Like fakeSource, but pages by its own cap whatever `limit` asks for. */
  function cappedSource(items: readonly Persona[], cap: number, total = items.length): FakeSource {
    return fakeSource(items, { body: (page) => ({ data: items.slice((page - 1) * cap, page * cap), total_count: total }) });
  }

  it('keeps paging while total_count is not reached', async () => {
    const items = personas(120);
    const source = cappedSource(items, 10);
    const listing = await list(source);
    assert.deepEqual(listing.personas, items);
    assert.deepEqual(
      [...source.calls].sort((a, b) => a - b),
      range(1, 12),
    );
  });

  it('ends short when the pages run out before the total, saying the total', async () => {
    const items = personas(50);
    const listing = await list(cappedSource(items, 10, 120));
    assert.deepEqual(listing.personas, items);
    assert.equal(listing.totalCount, 120);
  });
});
