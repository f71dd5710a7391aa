import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ReferenceKind } from '../../src/tavus/api';
import { TavusClient } from '../../src/tavus/client';
import { TavusError } from '../../src/tavus/errors';
import { HttpTransport } from '../../src/tavus/http';
import { REFERENCE_KINDS } from '../../src/tavus/referenceLists';
import { createReferenceFixtures } from '../server/referenceFixtures';
import { startTavusServer, type TavusServer } from '../server/tavusServer';

const FAST_RETRIES = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 };

function makeClient(server: TavusServer, pageSize = 100) {
  const transport = new HttpTransport({
    settings: async () => ({ baseUrl: server.url, apiKey: server.apiKey, timeoutMs: 5_000 }),
    retryPolicy: FAST_RETRIES,
  });
  return { client: new TavusClient(transport, { pageSize: () => pageSize }), transport };
}

async function getJson(server: TavusServer, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(server.url + path, { headers: { 'x-api-key': server.apiKey } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function idsOf(body: Record<string, unknown>, key: string): string[] {
  return (body.data as Record<string, string>[]).map((item) => item[key]!);
}

describe('reference lists on the local server', () => {
  let server: TavusServer;
  before(async () => {
    server = await startTavusServer();
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  it('numbers document pages from 0: page 1 is the second page', async () => {
    const first = await getJson(server, '/v2/documents?limit=10');
    const zero = await getJson(server, '/v2/documents?limit=10&page=0');
    const one = await getJson(server, '/v2/documents?limit=10&page=1');
    assert.deepEqual(idsOf(first.body, 'document_id'), idsOf(zero.body, 'document_id'));
    assert.equal(zero.body.page, 0);
    assert.equal(zero.body.limit, 10);
    assert.notDeepEqual(idsOf(one.body, 'document_id'), idsOf(zero.body, 'document_id'));
    assert.equal(idsOf(zero.body, 'document_id')[0], 'd1a2b3c4d5e6');
  });

  it('numbers the other lists from 1 and refuses page 0', async () => {
    const one = await getJson(server, '/v2/replicas?limit=5&page=1');
    const fallback = await getJson(server, '/v2/replicas?limit=5');
    assert.deepEqual(idsOf(one.body, 'replica_id'), idsOf(fallback.body, 'replica_id'));
    for (const path of ['/v2/replicas', '/v2/objectives', '/v2/guardrails', '/v2/tools']) {
      assert.equal((await getJson(server, `${path}?page=0`)).status, 400, path);
    }
  });

  it('gives replica_type only with verbose=true, and filters by it', async () => {
    const plain = await getJson(server, '/v2/replicas?limit=100');
    assert.ok((plain.body.data as object[]).every((item) => !('replica_type' in item)));
    const system = await getJson(server, '/v2/replicas?limit=100&verbose=true&replica_type=system');
    assert.ok(idsOf(system.body, 'replica_id').includes('r90bbd427f71'));
    assert.ok((system.body.data as Record<string, string>[]).every((item) => item.replica_type === 'system'));
  });

  it('lists legacy guardrail sets by default and individual guardrails with legacy=false', async () => {
    const legacy = await getJson(server, '/v2/guardrails');
    assert.deepEqual(idsOf(legacy.body, 'guardrails_id').slice(0, 1), ['g12345']);
    const individual = await getJson(server, '/v2/guardrails?legacy=false');
    assert.equal((individual.body.data as Record<string, string>[])[0]!.guardrail_name, 'no_medical_advice');
  });

  it('lists user tools by default and the system end_call tool with type=all', async () => {
    const user = await getJson(server, '/v2/tools');
    assert.ok(!idsOf(user.body, 'tool_id').includes('end_call'));
    const all = await getJson(server, '/v2/tools?type=all');
    assert.ok(idsOf(all.body, 'tool_id').includes('end_call'));
  });

  it('needs the API key', async () => {
    const response = await fetch(`${server.url}/v2/replicas`);
    assert.equal(response.status, 401);
  });
});

describe('listReferenceItems against the local server', () => {
  let server: TavusServer;
  let setup: ReturnType<typeof makeClient>;
  const fixtures = createReferenceFixtures();

  before(async () => {
    server = await startTavusServer();
  });
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    setup?.transport.dispose();
    setup = makeClient(server);
  });

  it('collects every replica over several pages, with name, status and type', async () => {
    setup = makeClient(server, 7);
    const listing = await setup.client.listReferenceItems('replicas');
    assert.equal(listing.items.length, fixtures.replicas.length);
    assert.equal(listing.totalCount, fixtures.replicas.length);
    assert.equal(server.requests.length, Math.ceil(fixtures.replicas.length / 7));
    assert.ok(server.requests.every((request) => request.query.verbose === 'true' && request.query.limit === '7'));
    const anna = listing.items.find((item) => item.id === 'r90bbd427f71');
    assert.deepEqual(anna, { id: 'r90bbd427f71', name: 'Anna', status: 'completed', tags: [], system: true, usable: true });
    const training = listing.items.find((item) => item.status === 'started');
    assert.equal(training?.usable, false);
    assert.equal(listing.items.find((item) => item.status === 'error')?.usable, false);
  });

  it('pages documents from 0 and gets all of them, the first page included', async () => {
    setup = makeClient(server, 10);
    const listing = await setup.client.listReferenceItems('documents');
    assert.deepEqual(
      server.requests.map((request) => request.query.page),
      ['0', '1', '2'],
    );
    assert.equal(listing.items.length, fixtures.documents.length);
    const first = listing.items[0];
    assert.deepEqual(first, {
      id: 'd1a2b3c4d5e6',
      name: 'Acme Ledger onboarding guide',
      status: 'ready',
      tags: ['onboarding'],
      system: false,
      usable: true,
    });
    assert.ok(
      listing.items.some((item) => !item.usable),
      'documents still processing are listed but not usable',
    );
  });

  it('reads every kind with the id and name members Tavus uses for it', async () => {
    const expected: Record<ReferenceKind, [string, string | undefined]> = {
      replicas: ['r90bbd427f71', 'Anna'],
      documents: ['d1a2b3c4d5e6', 'Acme Ledger onboarding guide'],
      objectives: ['o12345', 'intake_flow'],
      guardrailSets: ['g12345', undefined],
      guardrails: ['g1234567890ab', 'no_medical_advice'],
      tools: ['tabc123def456', 'lookup_order'],
    };
    for (const kind of REFERENCE_KINDS) {
      const listing = await setup.client.listReferenceItems(kind);
      const [id, name] = expected[kind];
      assert.equal(listing.kind, kind);
      assert.equal(listing.items.find((item) => item.id === id)?.name, name, kind);
      assert.deepEqual(listing.skipped, [], kind);
    }
    const tools = await setup.client.listReferenceItems('tools');
    assert.equal(tools.items.find((item) => item.id === 'end_call')?.system, true);
  });

  it('retries a GET that the server answers with 503', async () => {
    server.injectFault({ status: 503, match: { path: '/v2/objectives' }, times: 2 });
    const listing = await setup.client.listReferenceItems('objectives');
    assert.equal(listing.items.length, fixtures.objectives.length);
  });

  it('fails with a typed error on a 500 and on a body without a data array', async () => {
    server.injectFault({ status: 500, match: { path: '/v2/tools' } });
    await assert.rejects(
      setup.client.listReferenceItems('tools'),
      (error) => error instanceof TavusError && error.status === 500,
    );
    server.injectFault({ kind: 'huge-body', match: { path: '/v2/replicas' } });
    await assert.rejects(
      setup.client.listReferenceItems('replicas'),
      (error) => error instanceof TavusError && error.kind === 'badResponse' && /replica list/.test(error.message),
    );
  });

  it('stops once total_count entries were seen, without asking for an empty page', async () => {
    const repeating = await startTavusServer({
      references: { ...createReferenceFixtures(), objectives: [{ objectives_id: 'o1' }, { objectives_id: 'o2' }] },
    });
    const { client, transport } = makeClient(repeating, 2);
    try {
      const listing = await client.listReferenceItems('objectives');
      assert.deepEqual(
        listing.items.map((item) => item.id),
        ['o1', 'o2'],
      );
      assert.equal(repeating.requests.length, 1);
    } finally {
      transport.dispose();
      await repeating.close();
    }
  });
});
