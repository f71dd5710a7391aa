import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { parseBaseUrl } from '../../src/tavus/baseUrl';
import { TavusClient, personaPath } from '../../src/tavus/client';
import { TavusError } from '../../src/tavus/errors';
import { HttpTransport, type RequestRecord } from '../../src/tavus/http';
import { describeInexactNumber } from '../../src/core/jsonLexemes';
import { inexactNumbersOf } from '../../src/tavus/serverNumbers';
import { FIXTURE_IDS } from '../server/fixtures';
import { startTavusServer, type TavusServer, type TavusServerOptions } from '../server/tavusServer';

const FAST_RETRIES = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 };

interface ClientSetup {
  baseUrl?: string;
  apiKey?: string;
  timeoutMs?: number;
  pageSize?: number;
  maxResponseBytes?: number;
}

function makeClient(server: TavusServer, setup: ClientSetup = {}) {
  const records: RequestRecord[] = [];
  const transport = new HttpTransport({
    settings: async () => ({
      baseUrl: setup.baseUrl ?? server.url,
      apiKey: setup.apiKey ?? server.apiKey,
      timeoutMs: setup.timeoutMs ?? 5_000,
    }),
    onRequest: (record) => records.push(record),
    retryPolicy: FAST_RETRIES,
    maxResponseBytes: setup.maxResponseBytes,
  });
  const client = new TavusClient(transport, { pageSize: () => setup.pageSize ?? 100 });
  return { client, transport, records };
}

/** Lists every persona of a server holding only `items`; returns the listing and how many requests it took. */
async function listAllOf(items: TavusServerOptions['personas'], pageSize: number) {
  const server = await startTavusServer({ personas: items });
  const { client, transport } = makeClient(server, { pageSize });
  try {
    return { listing: await client.listPersonas(), requests: server.requests.length };
  } finally {
    transport.dispose();
    await server.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<TavusError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TavusError, `expected a TavusError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('Tavus client against the local server', () => {
  let server: TavusServer;
  let setup: ReturnType<typeof makeClient>;

  before(async () => {
    server = await startTavusServer();
  });
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    setup?.transport.dispose();
    setup = makeClient(server);
  });

  describe('listPersonas', () => {
    it('collects every page until total_count, one request per page', async () => {
      const pages: number[] = [];
      const listing = await setup.client.listPersonas({ onProgress: (l) => pages.push(l.personas.length) });
      const total = listing.totalCount!;
      assert.ok(total >= 250);
      assert.equal(listing.personas.length, total);
      assert.equal(new Set(listing.personas.map((p) => p.persona_id ?? p.pal_id)).size, total);
      assert.equal(server.requests.length, Math.ceil(total / 100));
      assert.equal(pages[0], 100, 'the first page is reported on its own');
      assert.deepEqual(listing.skipped, []);
    });

    it('sends limit and 1-based page numbers', async () => {
      setup = makeClient(server, { pageSize: 50 });
      await setup.client.listPersonas();
      const pages = server.requests.map((r) => Number(r.query.page)).sort((a, b) => a - b);
      assert.equal(pages[0], 1);
      assert.ok(server.requests.every((r) => r.query.limit === '50'));
    });

    it('lists the stock personas with persona_type=system', async () => {
      const listing = await setup.client.listPersonas({ personaType: 'system' });
      assert.ok(listing.personas.some((p) => p.persona_id === FIXTURE_IDS.salesCoach));
      assert.ok(server.requests.every((r) => r.query.persona_type === 'system'));
    });

    it('stops on a short page when the server gives no total_count', async () => {
      const items = Array.from({ length: 7 }, (_, i) => ({ persona: { persona_id: `p${i}`, persona_name: `P${i}` } }));
      const { listing, requests } = await listAllOf(items, 3);
      assert.equal(listing.personas.length, 7);
      assert.equal(requests, 3);
    });

    it('stops on an empty page when the count is an exact multiple of the page size', async () => {
      const items = Array.from({ length: 6 }, (_, i) => ({ persona: { persona_id: `p${i}` } }));
      const { listing, requests } = await listAllOf(items, 3);
      assert.equal(listing.personas.length, 6);
      assert.ok(requests <= 3);
    });
  });

  describe('getPersona', () => {
    it('reads a bare persona', async () => {
      const persona = await setup.client.getPersona(FIXTURE_IDS.onboarding);
      assert.equal(persona.persona_id, FIXTURE_IDS.onboarding);
      assert.deepEqual(persona, server.getStored(FIXTURE_IDS.onboarding));
    });

    it('unwraps the documented {"data":[persona]} shape', async () => {
      server.setGetShape('wrapped');
      const persona = await setup.client.getPersona(FIXTURE_IDS.onboarding);
      assert.deepEqual(persona, server.getStored(FIXTURE_IDS.onboarding));
    });

    it('turns 400 Invalid persona_id into a rejected error with the server text', async () => {
      const error = await rejection(setup.client.getPersona('pnope'));
      assert.equal(error.kind, 'rejected');
      assert.equal(error.status, 400);
      assert.equal(error.serverMessage, 'Invalid persona_id');
    });

    it('encodes ids so they cannot leave /v2/personas/', async () => {
      const ids = ['../../v2/personas', 'a/b', '%2e%2e', 'with space', 'ü…', 'a..b', '?x=1#y'];
      for (const id of ids) await rejection(setup.client.getPersona(id));
      assert.equal(server.requests.length, ids.length);
      for (const request of server.requests) assert.match(request.path, /^\/v2\/personas\/[^/]+$/);
      assert.equal(personaPath('a/b'), '/v2/personas/a%2Fb');
      assert.equal(personaPath('%2e%2e'), '/v2/personas/%252e%252e');
    });

    it('refuses dot-segment ids without sending anything', async () => {
      for (const id of ['.', '..', '']) assert.equal((await rejection(setup.client.getPersona(id))).kind, 'rejected');
      assert.equal(server.requests.length, 0);
    });

    it('reports a wrong key as an auth error with the message', async () => {
      setup = makeClient(server, { apiKey: 'wrong-key' });
      const error = await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding));
      assert.equal(error.kind, 'auth');
      assert.equal(error.serverMessage, 'Invalid access token');
    });
  });

  describe('patchPersona', () => {
    it('applies a patch (200) and reports a change', async () => {
      const outcome = await setup.client.patchPersona(FIXTURE_IDS.onboarding, [
        { op: 'replace', path: '/persona_name', value: 'Renamed' },
      ]);
      assert.deepEqual(outcome, { changed: true });
      assert.equal(server.getStored(FIXTURE_IDS.onboarding)?.persona_name, 'Renamed');
    });

    it('treats 304 as success without a change', async () => {
      const current = server.getStored(FIXTURE_IDS.onboarding)!;
      const outcome = await setup.client.patchPersona(FIXTURE_IDS.onboarding, [
        { op: 'replace', path: '/persona_name', value: current.persona_name },
      ]);
      assert.deepEqual(outcome, { changed: false });
    });

    it('turns 422 into a rejected error carrying the message', async () => {
      const error = await rejection(
        setup.client.patchPersona(FIXTURE_IDS.onboarding, [{ op: 'test', path: '/persona_name', value: 'not this' }]),
      );
      assert.equal(error.kind, 'rejected');
      assert.equal(error.status, 422);
      assert.ok(error.serverMessage);
    });

    it('turns 403 on a stock persona into an auth-kind error', async () => {
      const error = await rejection(
        setup.client.patchPersona(FIXTURE_IDS.salesCoach, [{ op: 'replace', path: '/persona_name', value: 'x' }]),
      );
      assert.equal(error.status, 403);
    });

    for (const status of [409, 429, 500, 502, 503]) {
      it(`turns ${status} into a typed error and never retries a PATCH`, async () => {
        server.injectFault({ status, match: { method: 'PATCH' }, times: Infinity });
        const error = await rejection(
          setup.client.patchPersona(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/persona_name', value: 'x' }]),
        );
        assert.equal(error.status, status);
        assert.equal(server.requests.filter((r) => r.method === 'PATCH').length, 1);
      });
    }

    it('does not retry a PATCH whose connection dropped, even though Tavus applied it', async () => {
      server.injectFault({ kind: 'reset-after-body', match: { method: 'PATCH' } });
      const error = await rejection(
        setup.client.patchPersona(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/persona_name', value: 'Dropped' }]),
      );
      assert.equal(error.kind, 'network');
      assert.equal(server.requests.filter((r) => r.method === 'PATCH').length, 1);
      assert.equal(server.getStored(FIXTURE_IDS.onboarding)?.persona_name, 'Dropped');
    });
  });

  describe('create and delete', () => {
    it('creates a persona and deletes it again (204)', async () => {
      const created = await setup.client.createPersona({ persona_name: 'Made by a test', system_prompt: 'Hi' });
      assert.match(created.persona_id, /^p/);
      assert.equal((await setup.client.getPersona(created.persona_id)).persona_name, 'Made by a test');
      await setup.client.deletePersona(created.persona_id);
      assert.equal((await rejection(setup.client.getPersona(created.persona_id))).status, 400);
    });
  });

  describe('records for the log', () => {
    it('carry the query of a listing (page, limit, persona_type), and none for a single persona', async () => {
      await setup.client.listPersonas({ personaType: 'system' });
      await setup.client.getPersona(FIXTURE_IDS.onboarding);
      assert.match(setup.records[0]!.query, /^\?limit=\d+&page=1&persona_type=system$/);
      assert.equal(setup.records.at(-1)!.query, '');
    });

    it('count personas with one small request, as the key check does', async () => {
      const total = (await setup.client.listPersonas()).personas.length;
      setup.records.length = 0;
      assert.equal(await setup.client.countPersonas(), total);
      assert.deepEqual(
        setup.records.map((r) => r.query),
        ['?limit=1&page=1'],
      );
    });
  });

  describe('retries, timeouts and broken responses', () => {
    it('retries a GET after 429, honouring Retry-After', async () => {
      server.injectFault({ status: 429, retryAfterSeconds: 1, match: { method: 'GET' } });
      const started = Date.now();
      const persona = await setup.client.getPersona(FIXTURE_IDS.onboarding);
      assert.equal(persona.persona_id, FIXTURE_IDS.onboarding);
      assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
      assert.deepEqual(
        setup.records.map((r) => r.status),
        [429, 200],
      );
    });

    for (const status of [502, 503, 504]) {
      it(`retries a GET after ${status}`, async () => {
        server.injectFault({ status, match: { method: 'GET' }, times: 2 });
        await setup.client.getPersona(FIXTURE_IDS.onboarding);
        assert.equal(server.requests.length, 3);
      });
    }

    it('does not retry a GET after 500', async () => {
      server.injectFault({ status: 500, match: { method: 'GET' } });
      const error = await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding));
      assert.equal(error.kind, 'server');
      assert.equal(server.requests.length, 1);
    });

    it('gives up after a bounded number of retries', async () => {
      server.injectFault({ status: 503, match: { method: 'GET' }, times: Infinity });
      const error = await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding));
      assert.equal(error.status, 503);
      assert.equal(server.requests.length, 1 + FAST_RETRIES.maxRetries);
    });

    it('does not wait out a Retry-After longer than the policy allows', async () => {
      server.injectFault({ status: 429, retryAfterSeconds: 120, match: { method: 'GET' } });
      const error = await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding));
      assert.equal(error.kind, 'rateLimited');
      assert.equal(error.retryAfterSeconds, 120);
      assert.equal(server.requests.length, 1);
    });

    it('retries a GET whose connection was reset', async () => {
      server.injectFault({ kind: 'reset-before-body', match: { method: 'GET' } });
      const persona = await setup.client.getPersona(FIXTURE_IDS.onboarding);
      assert.equal(persona.persona_id, FIXTURE_IDS.onboarding);
      assert.equal(setup.records[0]!.status, undefined);
      assert.match(setup.records[0]!.error ?? '', /connection/i);
    });

    it('times out a request that never finishes, without retrying it', async () => {
      setup = makeClient(server, { timeoutMs: 300 });
      server.injectFault({ kind: 'never-finish', match: { method: 'GET' } });
      const error = await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding));
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /0\.3 s/);
      assert.equal(server.requests.length, 1);
    });

    it('times out on latency longer than the timeout', async () => {
      setup = makeClient(server, { timeoutMs: 200 });
      server.injectFault({ latencyMs: 2_000, match: { method: 'GET' } });
      assert.equal((await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding))).kind, 'timeout');
    });

    it('can be cancelled', async () => {
      server.injectFault({ latencyMs: 2_000, match: { method: 'GET' } });
      const controller = new AbortController();
      const pending = setup.client.getPersona(FIXTURE_IDS.onboarding, controller.signal);
      setTimeout(() => controller.abort(), 50);
      assert.equal((await rejection(pending)).kind, 'cancelled');
    });

    it('reports a truncated JSON body', async () => {
      server.injectFault({ kind: 'truncated-json', match: { method: 'GET' }, times: Infinity });
      const error = await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding));
      assert.ok(['badResponse', 'network'].includes(error.kind), error.kind);
    });

    it('reports an HTML error page without dumping it', async () => {
      server.injectFault({ kind: 'html-error', match: { method: 'GET' }, times: Infinity });
      const error = await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding));
      assert.equal(error.status, 502);
      assert.match(error.message, /HTML error page/);
      assert.doesNotMatch(error.message, /<html/i);
    });

    it('reports a 200 that is not JSON', async () => {
      server.injectFault({ kind: 'non-json', match: { method: 'GET' } });
      const error = await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding));
      assert.equal(error.kind, 'badResponse');
      assert.match(error.message, /not valid JSON/);
    });

    it('reads a 10 MB body, and refuses it when it is another persona', async () => {
      server.injectFault({ kind: 'huge-body', match: { method: 'GET' } });
      const error = await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding));
      assert.equal(error.kind, 'badResponse');
      assert.match(error.message, /answered with persona p000000000001 when asked for p3a9c1e07b2d4/);
    });

    it('refuses a body larger than maxResponseBytes without reading it', async () => {
      setup = makeClient(server, { maxResponseBytes: 1024 * 1024 });
      server.injectFault({ kind: 'huge-body', match: { method: 'GET' } });
      const error = await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding));
      assert.equal(error.kind, 'badResponse');
      assert.match(error.message, /larger than 1 MB; it was not read/);
    });

    it('does not follow a redirect, so the key never reaches another host', async () => {
      const other = await startTavusServer({ apiKey: 'other' });
      try {
        server.injectFault({ kind: 'redirect', redirectTo: `${other.url}/v2/personas`, match: { method: 'GET' } });
        const error = await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding));
        assert.equal(error.kind, 'badResponse');
        assert.match(error.message, /redirect/);
        assert.equal(other.requests.length, 0);
      } finally {
        await other.close();
      }
    });

    it('never puts the API key into a request record or error', async () => {
      setup = makeClient(server, { apiKey: 'sk-recognisable-key-123' });
      const error = await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding));
      assert.doesNotMatch(JSON.stringify(setup.records) + error.message, /sk-recognisable-key-123/);
    });

    it('refuses to send a request without a key', async () => {
      setup = makeClient(server, { apiKey: '' });
      assert.equal((await rejection(setup.client.getPersona(FIXTURE_IDS.onboarding))).kind, 'auth');
      assert.equal(server.requests.length, 0);
    });
  });
});

describe('base URL policy', () => {
  it('accepts https anywhere and http on loopback only', () => {
    assert.equal(parseBaseUrl('https://tavusapi.com').origin, 'https://tavusapi.com');
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:9', 'http://127.5.0.1']) {
      assert.equal(parseBaseUrl(url).protocol, 'http:');
    }
  });

  it('refuses plain http to other hosts and junk', () => {
    for (const url of ['http://tavusapi.com', 'http://10.0.0.1', 'http://127.0.0.1.evil.com', 'ftp://x', 'not a url']) {
      assert.throws(
        () => parseBaseUrl(url),
        (e: unknown) => e instanceof TavusError && e.kind === 'config',
      );
    }
  });

  it('is enforced before anything is sent', async () => {
    const server = await startTavusServer();
    try {
      const { client, transport } = makeClient(server, { baseUrl: 'http://example.com' });
      assert.equal((await rejection(client.getPersona(FIXTURE_IDS.onboarding))).kind, 'config');
      transport.dispose();
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });
});

describe('getPersona keeps the numbers JSON.parse rounded (issue 10, item 6)', () => {
  const raw = '{"persona_id":"p1","layers":{"llm":{"tools":[{"maximum":9223372036854775807}]}},"n":0.5}';

  /** The persona bodies Tavus may send, raw, from a real HTTP server: the fixture server can only write what JSON.stringify writes. */
  async function rawServer(body: string): Promise<{ url: string; close: () => Promise<void> }> {
    const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  for (const [shape, body] of [
    ['bare', raw],
    ['wrapped in data', `{"data":[${raw}]}`],
  ]) {
    it(`lists them beside the persona it returns (${shape})`, async () => {
      const served = await rawServer(body!);
      const transport = new HttpTransport({ settings: async () => ({ baseUrl: served.url, apiKey: 'k', timeoutMs: 5_000 }) });
      try {
        const persona = await new TavusClient(transport, { pageSize: () => 100 }).getPersona('p1');
        assert.deepEqual(inexactNumbersOf(persona).map(describeInexactNumber), [
          '/layers/llm/tools/0/maximum: Tavus has 9223372036854775807, would send 9223372036854776000',
        ]);
        assert.deepEqual(inexactNumbersOf(structuredClone(persona)), []);
      } finally {
        transport.dispose();
        await served.close();
      }
    });
  }
});
