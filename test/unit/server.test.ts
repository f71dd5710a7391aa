import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject, JsonValue, Persona } from '../../src/core/json';
import { FIXTURE_IDS, createFixturePersonas } from '../server/fixtures';
import { type TavusServer, type TavusServerOptions, startTavusServer } from '../server/tavusServer';

interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

async function withServer(run: (server: TavusServer) => Promise<void>, options?: TavusServerOptions): Promise<void> {
  const server = await startTavusServer(options);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

async function call(server: TavusServer, method: string, path: string, body?: JsonValue | string): Promise<Reply> {
  const response = await send(server, method, path, body);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function send(
  server: TavusServer,
  method: string,
  path: string,
  body?: JsonValue | string,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(server.url + path, {
    method,
    headers: { 'x-api-key': server.apiKey, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

function json<T = JsonObject>(reply: Reply): T {
  return JSON.parse(reply.text) as T;
}

function patch(server: TavusServer, id: string, ops: JsonValue): Promise<Reply> {
  return call(server, 'PATCH', `/v2/personas/${encodeURIComponent(id)}`, ops);
}

function idOf(persona: Persona): string {
  return String(persona.persona_id ?? persona.pal_id);
}

async function listAll(server: TavusServer, filter = ''): Promise<Persona[]> {
  const all: Persona[] = [];
  for (let page = 1; ; page++) {
    const reply = json<{ data: Persona[]; total_count: number }>(
      await call(server, 'GET', `/v2/personas?limit=100&page=${page}${filter}`),
    );
    all.push(...reply.data);
    if (reply.data.length < 100) return all;
  }
}

describe('fixtures', () => {
  test('are deterministic, unique, and cover the documented edge cases', () => {
    const fixtures = createFixturePersonas();
    assert.deepEqual(createFixturePersonas(), fixtures);
    assert.ok(fixtures.length >= 260);
    const ids = fixtures.map((fixture) => idOf(fixture.persona));
    assert.equal(new Set(ids).size, ids.length);
    for (const id of Object.values(FIXTURE_IDS)) assert.ok(ids.includes(id), id);
    const byId = new Map(fixtures.map((fixture) => [idOf(fixture.persona), fixture]));
    assert.equal(byId.get(FIXTURE_IDS.pal)!.persona.persona_id, undefined);
    assert.ok(String(byId.get(FIXTURE_IDS.bigPrompt)!.persona.system_prompt).length >= 200 * 1024);
    assert.equal('updated_at' in byId.get(FIXTURE_IDS.noUpdatedAt)!.persona, false);
    assert.equal(byId.get(FIXTURE_IDS.hidden)!.hiddenFromFilters, true);
    assert.equal(fixtures.filter((fixture) => fixture.stock).length, 12);
  });
});

describe('auth', () => {
  test('rejects a missing or wrong key with 401 and never logs the key', () =>
    withServer(async (server) => {
      const missing = await fetch(`${server.url}/v2/personas`);
      assert.equal(missing.status, 401);
      assert.deepEqual(await missing.json(), { message: 'Invalid access token' });
      const wrong = await fetch(`${server.url}/v2/personas/${FIXTURE_IDS.onboarding}`, { headers: { 'x-api-key': 'nope' } });
      assert.equal(wrong.status, 401);
      await call(server, 'GET', `/v2/personas?limit=1&token=${server.apiKey}`);
      assert.deepEqual(
        server.requests.map((r) => r.authorized),
        [false, false, true],
      );
      assert.ok(!JSON.stringify(server.requests).includes(server.apiKey));
    }));
});

describe('list', () => {
  test('pages 1-based with limit 10 by default and counts everything', () =>
    withServer(async (server) => {
      const fixtures = createFixturePersonas();
      const first = json<{ data: Persona[]; total_count: number }>(await call(server, 'GET', '/v2/personas'));
      assert.equal(first.total_count, fixtures.length);
      assert.deepEqual(
        first.data.map(idOf),
        fixtures.slice(0, 10).map((f) => idOf(f.persona)),
      );
      const third = json<{ data: Persona[] }>(await call(server, 'GET', '/v2/personas?limit=7&page=3'));
      assert.deepEqual(
        third.data.map(idOf),
        fixtures.slice(14, 21).map((f) => idOf(f.persona)),
      );
      assert.deepEqual(
        (await listAll(server)).map(idOf),
        fixtures.map((f) => idOf(f.persona)),
      );
      const beyond = json<{ data: Persona[]; total_count: number }>(await call(server, 'GET', '/v2/personas?limit=100&page=99'));
      assert.deepEqual(beyond, { data: [], total_count: fixtures.length });
    }));

  test('rejects limits outside 1-100 and pages below 1 with 400', () =>
    withServer(async (server) => {
      for (const query of ['limit=0', 'limit=101', 'limit=abc', 'page=0', 'page=-1', 'persona_type=other']) {
        const reply = await call(server, 'GET', `/v2/personas?${query}`);
        assert.equal(reply.status, 400, query);
        assert.equal(typeof json(reply).error, 'string');
      }
    }));

  test('filters stock and user personas; a hidden persona is in neither', () =>
    withServer(async (server) => {
      const fixtures = createFixturePersonas();
      const system = await listAll(server, '&persona_type=system');
      const user = await listAll(server, '&persona_type=user');
      assert.deepEqual(
        system.map(idOf),
        fixtures.filter((f) => f.stock).map((f) => idOf(f.persona)),
      );
      assert.equal(user.length, fixtures.length - system.length - 1);
      assert.ok(![...system, ...user].some((p) => idOf(p) === FIXTURE_IDS.hidden));
      const counted = json(await call(server, 'GET', '/v2/personas?persona_type=user&limit=1'));
      assert.equal(counted.total_count, user.length);
      assert.ok((await listAll(server)).some((p) => idOf(p) === FIXTURE_IDS.hidden));
    }));
});

describe('get', () => {
  test('answers a bare persona, or {data:[persona]} when wrapped', () =>
    withServer(async (server) => {
      const bare = await call(server, 'GET', `/v2/personas/${FIXTURE_IDS.onboarding}`);
      assert.equal(bare.status, 200);
      assert.deepEqual(json(bare), server.getStored(FIXTURE_IDS.onboarding));
      server.setGetShape('wrapped');
      const wrapped = json<{ data: Persona[] }>(await call(server, 'GET', `/v2/personas/${FIXTURE_IDS.onboarding}`));
      assert.deepEqual(wrapped.data, [server.getStored(FIXTURE_IDS.onboarding)]);
    }));

  test('honours the getShape option and finds PAL-era personas by pal_id under both paths', () =>
    withServer(
      async (server) => {
        for (const collection of ['personas', 'pals']) {
          const reply = json<{ data: Persona[] }>(await call(server, 'GET', `/v2/${collection}/${FIXTURE_IDS.pal}`));
          assert.equal(reply.data[0]!.pal_name, 'Healthcare Intake Assistant');
        }
      },
      { getShape: 'wrapped' },
    ));

  test('decodes ids and answers 400 for unknown ones', () =>
    withServer(async (server) => {
      const encoded = await call(server, 'GET', `/v2/personas/%70${FIXTURE_IDS.onboarding.slice(1)}`);
      assert.equal(encoded.status, 200);
      for (const id of ['pnope', 'a%2Fb', '%E0%A4%A']) {
        const reply = await call(server, 'GET', `/v2/personas/${id}`);
        assert.equal(reply.status, 400, id);
        assert.deepEqual(json(reply), { error: 'Invalid persona_id' });
      }
    }));
});

describe('patch', () => {
  test('applies ops, answers 200 {"message":"OK"} and moves updated_at forward', () =>
    withServer(async (server) => {
      const before = server.getStored(FIXTURE_IDS.onboarding)!;
      const reply = await patch(server, FIXTURE_IDS.onboarding, [
        { op: 'test', path: '/updated_at', value: before.updated_at! },
        { op: 'replace', path: '/persona_name', value: 'Renamed' },
        { op: 'add', path: '/layers/tts/voice_settings/speed', value: 0.5 },
      ]);
      assert.equal(reply.status, 200);
      assert.deepEqual(json(reply), { message: 'OK' });
      const after = server.getStored(FIXTURE_IDS.onboarding)!;
      assert.equal(after.persona_name, 'Renamed');
      assert.deepEqual((after.layers as JsonObject).tts, {
        ...((before.layers as JsonObject).tts as JsonObject),
        voice_settings: { speed: 0.5 },
      });
      assert.ok(Date.parse(String(after.updated_at)) > Date.parse(String(before.updated_at)));
      await patch(server, FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/persona_name', value: 'Again' }]);
      assert.ok(Date.parse(String(server.getStored(FIXTURE_IDS.onboarding)!.updated_at)) > Date.parse(String(after.updated_at)));
    }));

  test('answers 304 without a body when nothing changes', () =>
    withServer(async (server) => {
      const before = server.getStored(FIXTURE_IDS.legacy);
      const reply = await patch(server, FIXTURE_IDS.legacy, [{ op: 'replace', path: '/persona_name', value: 'ID Checker' }]);
      assert.equal(reply.status, 304);
      assert.equal(reply.text, '');
      assert.deepEqual(server.getStored(FIXTURE_IDS.legacy), before);
    }));

  test('rejects malformed patches and failed tests with 422, applying nothing', () =>
    withServer(async (server) => {
      const before = server.getStored(FIXTURE_IDS.maximal);
      const notArray = await patch(server, FIXTURE_IDS.maximal, { op: 'remove', path: '/context' });
      assert.deepEqual([notArray.status, json(notArray)], [422, { message: 'Invalid JSON patch format' }]);
      const cases: JsonValue[][] = [
        [
          { op: 'replace', path: '/context', value: 'x' },
          { op: 'frobnicate', path: '/context' },
        ],
        [
          { op: 'replace', path: '/context', value: 'x' },
          { op: 'test', path: '/persona_name', value: 'Someone else' },
        ],
        [
          { op: 'replace', path: '/context', value: 'x' },
          { op: 'replace', path: '/layers/missing/model', value: 'm' },
        ],
        [
          { op: 'remove', path: '/context' },
          { op: 'add', path: 'no-slash', value: 1 },
        ],
      ];
      for (const ops of cases) {
        const reply = await patch(server, FIXTURE_IDS.maximal, ops);
        assert.equal(reply.status, 422, JSON.stringify(ops));
        assert.match(String(json(reply).message), /Operation 1/);
      }
      assert.deepEqual(server.getStored(FIXTURE_IDS.maximal), before);
    }));

  test('refuses writes to server-owned fields but lets test ops read them', () =>
    withServer(async (server) => {
      const writes: Array<[JsonValue, string]> = [
        [{ op: 'replace', path: '/persona_id', value: 'p1' }, 'persona_id'],
        [{ op: 'remove', path: '/created_at' }, 'created_at'],
        [{ op: 'add', path: '/updated_at', value: 'x' }, 'updated_at'],
        [{ op: 'add', path: '/persona_type', value: 'system' }, 'persona_type'],
        [{ op: 'move', from: '/persona_id', path: '/context' }, 'persona_id'],
        [{ op: 'replace', path: '', value: {} }, 'server-owned'],
      ];
      for (const [op, field] of writes) {
        const reply = await patch(server, FIXTURE_IDS.onboarding, [op]);
        assert.equal(reply.status, 422);
        assert.match(String(json(reply).message), new RegExp(field));
      }
      const pal = await patch(server, FIXTURE_IDS.pal, [{ op: 'replace', path: '/pal_id', value: 'p1' }]);
      assert.match(String(json(pal).message), /pal_id/);
      const guarded = await patch(server, FIXTURE_IDS.onboarding, [
        { op: 'test', path: '/persona_id', value: FIXTURE_IDS.onboarding },
        { op: 'copy', from: '/persona_id', path: '/context' },
      ]);
      assert.equal(guarded.status, 200);
    }));

  test('answers 403 for stock personas and 400 for unknown ids', () =>
    withServer(async (server) => {
      const stock = await patch(server, FIXTURE_IDS.salesCoach, [{ op: 'replace', path: '/persona_name', value: 'x' }]);
      assert.deepEqual([stock.status, json(stock)], [403, { message: 'Stock personas cannot be edited' }]);
      const unknown = await patch(server, 'pffffffffffff', []);
      assert.deepEqual([unknown.status, json(unknown)], [400, { error: 'Invalid persona_id' }]);
      const badJson = await call(server, 'PATCH', `/v2/personas/${FIXTURE_IDS.onboarding}`, '[{"op":');
      assert.deepEqual([badJson.status, json(badJson)], [400, { error: 'Invalid JSON' }]);
    }));

  test('handles RFC 6901 escaped keys and leaves personas without updated_at without one', () =>
    withServer(async (server) => {
      const escaped = await patch(server, FIXTURE_IDS.escaped, [
        { op: 'replace', path: '/layers/llm/headers/a~1b', value: 'changed' },
        { op: 'remove', path: '/layers/llm/extra_body/~01' },
        { op: 'replace', path: '/layers/llm/extra_body/m~0n', value: 20 },
      ]);
      assert.equal(escaped.status, 200);
      const llm = (server.getStored(FIXTURE_IDS.escaped)!.layers as JsonObject).llm as JsonObject;
      assert.equal((llm.headers as JsonObject)['a/b'], 'changed');
      assert.deepEqual(llm.extra_body, { 'a/b': 1, 'm~n': 20, 'route/~0': { nested: true } });
      const plain = await patch(server, FIXTURE_IDS.noUpdatedAt, [{ op: 'replace', path: '/persona_name', value: 'x' }]);
      assert.equal(plain.status, 200);
      assert.equal('updated_at' in server.getStored(FIXTURE_IDS.noUpdatedAt)!, false);
    }));
});

describe('create and delete', () => {
  test('POST stores a new persona and answers its id, name and created_at', () =>
    withServer(async (server) => {
      const reply = await call(server, 'POST', '/v2/personas', { persona_name: 'Fresh', system_prompt: 'Hi.', layers: {} });
      assert.equal(reply.status, 200);
      const created = json(reply);
      assert.deepEqual(Object.keys(created), ['persona_id', 'persona_name', 'created_at']);
      assert.match(String(created.persona_id), /^p[0-9a-f]{12}$/);
      const stored = json(await call(server, 'GET', `/v2/personas/${created.persona_id}`));
      assert.equal(stored.persona_name, 'Fresh');
      assert.equal(stored.created_at, created.created_at);
      const all = await listAll(server, '&persona_type=user');
      assert.equal(idOf(all[all.length - 1]!), created.persona_id);
      const echo = await call(server, 'POST', '/v2/pals', { pipeline_mode: 'echo' });
      assert.equal(echo.status, 200);
    }));

  test('POST rejects bad input with 400', () =>
    withServer(async (server) => {
      const bodies: Array<JsonValue | string> = [
        { persona_name: 'No prompt' },
        [],
        { persona_id: 'p1', system_prompt: 'x' },
        'not json',
        { system_prompt: 'x', default_replica_id: 'r-not-in-the-account' },
      ];
      for (const body of bodies) {
        const reply = await call(server, 'POST', '/v2/personas', body);
        assert.equal(reply.status, 400, JSON.stringify(body));
        assert.equal(typeof json(reply).error, 'string');
      }
    }));

  test('DELETE answers 204, then the id is unknown; stock is 403', () =>
    withServer(async (server) => {
      const reply = await call(server, 'DELETE', `/v2/personas/${FIXTURE_IDS.echo}`);
      assert.deepEqual([reply.status, reply.text], [204, '']);
      assert.equal((await call(server, 'GET', `/v2/personas/${FIXTURE_IDS.echo}`)).status, 400);
      assert.equal((await call(server, 'DELETE', `/v2/personas/${FIXTURE_IDS.echo}`)).status, 400);
      assert.equal((await call(server, 'DELETE', `/v2/pals/${FIXTURE_IDS.salesCoach}`)).status, 403);
    }));
});

describe('protocol edges', () => {
  test('unknown routes are 404 and oversized bodies 413', () =>
    withServer(async (server) => {
      for (const [method, path] of [
        ['GET', '/v2/voices'],
        ['PUT', `/v2/personas/${FIXTURE_IDS.echo}`],
        ['GET', '/'],
        ['GET', '/v2/personas/a/b'],
      ]) {
        const reply = await call(server, method!, path!);
        assert.deepEqual([reply.status, json(reply)], [404, { message: 'Not found' }], `${method} ${path}`);
      }
      const big = await call(server, 'POST', '/v2/personas', 'x'.repeat(21 * 1024 * 1024));
      assert.equal(big.status, 413);
    }));
});

describe('faults', () => {
  test('latency delays the answer by at least latencyMs', () =>
    withServer(async (server) => {
      server.injectFault({ latencyMs: 150 });
      const started = performance.now();
      assert.equal((await call(server, 'GET', `/v2/personas/${FIXTURE_IDS.echo}`)).status, 200);
      // Timer clocks are millisecond-truncated, so allow for rounding at the edge.
      assert.ok(performance.now() - started >= 149);
    }));

  test('status faults answer JSON with Retry-After, are consumed per request and match by method and path', () =>
    withServer(async (server) => {
      server.injectFault({ match: { method: 'patch' }, status: 500 });
      server.injectFault({ match: { path: '^/v2/personas$', regex: true }, status: 429, retryAfterSeconds: 3, times: 2 });
      for (let i = 0; i < 2; i++) {
        const limited = await call(server, 'GET', '/v2/personas');
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get('retry-after'), '3');
        assert.equal(typeof json(limited).message, 'string');
      }
      assert.equal((await call(server, 'GET', '/v2/personas')).status, 200);
      assert.equal((await call(server, 'GET', `/v2/personas/${FIXTURE_IDS.echo}`)).status, 200);
      assert.equal((await patch(server, FIXTURE_IDS.echo, [])).status, 500);
      assert.equal((await patch(server, FIXTURE_IDS.echo, [])).status, 304);
    }));

  test('times: Infinity lasts until cleared', () =>
    withServer(async (server) => {
      server.injectFault({ status: 503, times: Infinity });
      for (let i = 0; i < 3; i++) assert.equal((await call(server, 'GET', '/v2/personas')).status, 503);
      server.clearFaults();
      assert.equal((await call(server, 'GET', '/v2/personas')).status, 200);
    }));

  test('reset-before-body drops the connection and nothing is applied', () =>
    withServer(async (server) => {
      server.injectFault({ kind: 'reset-before-body' });
      const before = server.getStored(FIXTURE_IDS.onboarding);
      await assert.rejects(send(server, 'PATCH', `/v2/personas/${FIXTURE_IDS.onboarding}`, [{ op: 'remove', path: '/context' }]));
      assert.deepEqual(server.getStored(FIXTURE_IDS.onboarding), before);
      assert.equal(server.requests[0]!.status, 0);
    }));

  test('reset-after-body drops the connection after the change was stored', () =>
    withServer(async (server) => {
      server.injectFault({ kind: 'reset-after-body', match: { method: 'PATCH' } });
      await assert.rejects(send(server, 'PATCH', `/v2/personas/${FIXTURE_IDS.onboarding}`, [{ op: 'remove', path: '/context' }]));
      assert.equal('context' in server.getStored(FIXTURE_IDS.onboarding)!, false);
      assert.equal(server.requests[0]!.body, '[{"op":"remove","path":"/context"}]');
    }));

  test('truncated-json sends half a JSON body', () =>
    withServer(async (server) => {
      server.injectFault({ kind: 'truncated-json' });
      const response = await send(server, 'GET', `/v2/personas/${FIXTURE_IDS.echo}`);
      assert.equal(response.status, 200);
      await assert.rejects(response.json());
    }));

  test('html-error, non-json and huge-body answer what they say', () =>
    withServer(async (server) => {
      server.injectFault({ kind: 'html-error' });
      server.injectFault({ kind: 'non-json' });
      server.injectFault({ kind: 'huge-body' });
      const html = await call(server, 'GET', '/v2/personas');
      assert.equal(html.status, 502);
      assert.match(html.headers.get('content-type')!, /^text\/html/);
      assert.match(html.text, /nginx/);
      const garbage = await call(server, 'GET', '/v2/personas');
      assert.equal(garbage.status, 200);
      assert.match(garbage.headers.get('content-type')!, /^text\/plain/);
      assert.throws(() => JSON.parse(garbage.text));
      const huge = await call(server, 'GET', '/v2/personas');
      assert.ok(huge.text.length >= 10_000_000);
      assert.equal(typeof json(huge).system_prompt, 'string');
    }));

  test('never-finish sends part of a body and hangs until close()', () =>
    withServer(async (server) => {
      server.injectFault({ kind: 'never-finish' });
      const response = await send(server, 'GET', `/v2/personas/${FIXTURE_IDS.echo}`);
      const reader = response.body!.getReader();
      const first = await reader.read();
      assert.match(new TextDecoder().decode(first.value), /^\{"data"/);
      const rest = reader.read();
      await server.close();
      await assert.rejects(rest);
    }));

  test('redirect answers 307 with the Location given', () =>
    withServer(async (server) => {
      const target = `${server.url}/v2/personas/${FIXTURE_IDS.echo}`;
      server.injectFault({ kind: 'redirect', redirectTo: target });
      const response = await send(server, 'GET', '/v2/personas/elsewhere', undefined, { redirect: 'manual' });
      assert.equal(response.status, 307);
      assert.equal(response.headers.get('location'), target);
    }));

  test('bad faults are refused when injected', () =>
    withServer(async (server) => {
      assert.throws(() => server.injectFault({ kind: 'redirect' }));
      assert.throws(() => server.injectFault({ times: 0 }));
      assert.throws(() => server.injectFault({ match: { path: '(', regex: true } }));
    }));
});

describe('test hooks', () => {
  test('updateAsOtherClient applies ops and bumps updated_at; getStored returns copies', () =>
    withServer(async (server) => {
      const before = server.getStored(FIXTURE_IDS.onboarding)!;
      before.persona_name = 'mutated copy';
      const updated = server.updateAsOtherClient(FIXTURE_IDS.onboarding, [
        { op: 'replace', path: '/context', value: 'elsewhere' },
      ]);
      assert.equal(updated.context, 'elsewhere');
      assert.equal(updated.persona_name, 'Onboarding Guide');
      assert.ok(Date.parse(String(updated.updated_at)) > Date.parse(String(before.updated_at)));
      assert.throws(() => server.updateAsOtherClient('pnope', []));
      assert.throws(() => server.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'remove', path: '/nope' }]));
    }));

  test('reset restores fixtures and clears faults, the request log and the shape', () =>
    withServer(
      async (server) => {
        const pristine = server.getStored(FIXTURE_IDS.onboarding);
        await patch(server, FIXTURE_IDS.onboarding, [{ op: 'remove', path: '/context' }]);
        await call(server, 'DELETE', `/v2/personas/${FIXTURE_IDS.echo}`);
        await call(server, 'POST', '/v2/personas', { system_prompt: 'x' });
        server.setGetShape('wrapped');
        server.injectFault({ status: 500, times: Infinity });
        server.reset();
        assert.equal(server.requests.length, 0);
        assert.deepEqual(server.getStored(FIXTURE_IDS.onboarding), pristine);
        assert.ok(server.getStored(FIXTURE_IDS.echo));
        const reply = await call(server, 'GET', `/v2/personas/${FIXTURE_IDS.onboarding}`);
        assert.deepEqual(json(reply), pristine);
        assert.equal(json(await call(server, 'GET', '/v2/personas')).total_count, createFixturePersonas().length);
      },
      { getShape: 'bare' },
    ));

  test('custom personas and api key replace the defaults', () =>
    withServer(
      async (server) => {
        assert.equal(server.apiKey, 'k');
        const list = json(await call(server, 'GET', '/v2/personas'));
        assert.deepEqual(list, { data: [{ persona_id: 'p1', persona_name: 'Only' }], total_count: 1 });
      },
      { apiKey: 'k', personas: [{ persona: { persona_id: 'p1', persona_name: 'Only' } }] },
    ));
});

describe('control endpoints', () => {
  const control = (server: TavusServer, method: string, path: string, body?: JsonValue): Promise<Reply> =>
    call(server, method, `/__control/${path}`, body);

  test('drive faults, shape, personas, the request log and reset without an API key', () =>
    withServer(async (server) => {
      const controlNoKey = (method: string, path: string, body?: JsonValue) =>
        fetch(`${server.url}/__control/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
      assert.equal((await controlNoKey('POST', 'faults', { status: 503, times: -1, match: { path: '/v2/' } })).status, 204);
      for (let i = 0; i < 2; i++) assert.equal((await call(server, 'GET', '/v2/personas')).status, 503);
      assert.equal((await controlNoKey('GET', `personas/${FIXTURE_IDS.onboarding}`)).status, 200);
      assert.equal((await controlNoKey('DELETE', 'faults')).status, 204);
      assert.equal((await call(server, 'GET', '/v2/personas')).status, 200);

      const edited = await control(server, 'PATCH', `personas/${FIXTURE_IDS.onboarding}`, [
        { op: 'replace', path: '/context', value: 'remote' },
      ]);
      assert.equal(json(edited).context, 'remote');
      assert.equal(json(await control(server, 'GET', `personas/${FIXTURE_IDS.onboarding}`)).context, 'remote');
      assert.equal((await control(server, 'GET', 'personas/pnope')).status, 404);
      assert.equal(
        (await control(server, 'PATCH', `personas/${FIXTURE_IDS.onboarding}`, [{ op: 'remove', path: '/nope' }])).status,
        400,
      );

      assert.equal((await control(server, 'POST', 'get-shape', { shape: 'wrapped' })).status, 204);
      assert.ok(Array.isArray(json(await call(server, 'GET', `/v2/personas/${FIXTURE_IDS.onboarding}`)).data));
      assert.equal((await control(server, 'POST', 'get-shape', { shape: 'round' })).status, 400);

      const log = json<Array<{ method: string; path: string; status: number }>>(await control(server, 'GET', 'requests'));
      assert.deepEqual(
        log.map((r) => r.status),
        [503, 503, 200, 200],
      );
      assert.ok(log.every((r) => r.path.startsWith('/v2/')));

      assert.equal((await control(server, 'POST', 'reset')).status, 204);
      assert.deepEqual(json(await control(server, 'GET', 'requests')), []);
      assert.equal(
        json(await call(server, 'GET', `/v2/personas/${FIXTURE_IDS.onboarding}`)).context,
        createFixturePersonas()[0]!.persona.context,
      );
      assert.equal((await control(server, 'POST', 'nope')).status, 404);
    }));

  test('faults never apply to control routes', () =>
    withServer(async (server) => {
      server.injectFault({ status: 500, times: Infinity });
      assert.equal((await control(server, 'GET', 'requests')).status, 200);
      assert.equal((await control(server, 'POST', 'faults', { kind: 'redirect' })).status, 400);
    }));
});
