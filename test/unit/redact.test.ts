import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  collectOpSecrets,
  collectSecrets,
  isSecretKey,
  isSecretPath,
  redactOps,
  redactPersona,
  redactText,
  REDACTED,
  withoutSecretFields,
} from '../../src/core/redact';
import { type JsonValue, type PatchOp, type Persona } from '../../src/core/json';

const maximal: Persona = {
  persona_id: 'p91f0d2c6ab47',
  persona_name: 'Clinic Intake',
  system_prompt: 'Collect intake data politely.',
  layers: {
    llm: {
      model: 'my-llm',
      base_url: 'https://llm.example.com/v1',
      api_key: 'sk-live-123456',
      headers: { Authorization: 'Bearer tok-abcdef', 'X-Org': 'org-42' },
      extra_body: { temperature: 0.3, max_tokens: 256 },
      default_query: { 'api-version': '2024-01-01' },
      tools: [
        {
          type: 'function',
          function: {
            name: 'lookup',
            description: 'Look a token up',
            parameters: { type: 'object', properties: { token: { type: 'string' } } },
          },
        },
      ],
    },
    tts: { tts_engine: 'elevenlabs', api_key: 'el-999999', external_voice_id: 'voice123' },
  },
};

describe('isSecretKey', () => {
  for (const key of [
    'api_key',
    'apiKey',
    'APIKey',
    'x-api-key',
    'X-API-KEY',
    'OPENAI_API_KEY',
    'token',
    'access_token',
    'refreshToken',
    'client_secret',
    'password',
    'Authorization',
    'private_key',
    'credentials',
  ]) {
    it(`treats ${key} as secret`, () => assert.equal(isSecretKey(key), true));
  }
  for (const key of ['max_tokens', 'tokenizer', 'key', 'keywords', 'model', 'voice_id', 'persona_name', 'monkey', 'hotwords']) {
    it(`treats ${key} as not secret`, () => assert.equal(isSecretKey(key), false));
  }
  it('gives the same answers once more names were asked about than it remembers', () => {
    for (let i = 0; i < 25_000; i++) isSecretKey(`field_${i}`);
    assert.equal(isSecretKey('api_key'), true);
    assert.equal(isSecretKey('max_tokens'), false);
    assert.equal(isSecretKey('field_3_token'), true);
  });
});

describe('isSecretPath', () => {
  it('covers the documented persona secrets', () => {
    assert.equal(isSecretPath(['layers', 'llm', 'api_key']), true);
    assert.equal(isSecretPath(['layers', 'tts', 'api_key']), true);
    assert.equal(isSecretPath(['layers', 'llm', 'headers', 'X-Org']), true);
    assert.equal(isSecretPath(['layers', 'llm', 'default_query', 'anything']), true);
    assert.equal(isSecretPath(['layers', 'llm', 'default_query', 'a', '0']), true);
  });
  it('does not treat the maps themselves or other layers as secret', () => {
    assert.equal(isSecretPath(['layers', 'llm', 'headers']), false);
    assert.equal(isSecretPath(['layers', 'llm', 'model']), false);
    assert.equal(isSecretPath(['layers', 'tts', 'headers', 'X-Org']), false);
    assert.equal(isSecretPath([]), false);
  });
  it('looks through array indices to the owning member', () => {
    assert.equal(isSecretPath(['credentials', '0']), true);
    assert.equal(isSecretPath(['document_ids', '0']), false);
  });
});

describe('redactPersona', () => {
  it('replaces secret strings and keeps everything else', () => {
    const redacted = redactPersona(maximal);
    const llm = (redacted.layers as Persona).llm as Persona;
    assert.equal(llm.api_key, REDACTED);
    assert.deepEqual(llm.headers, { Authorization: REDACTED, 'X-Org': REDACTED });
    assert.deepEqual(llm.default_query, { 'api-version': REDACTED });
    assert.deepEqual(llm.extra_body, { temperature: 0.3, max_tokens: 256 });
    assert.equal(llm.base_url, 'https://llm.example.com/v1');
    assert.equal(((redacted.layers as Persona).tts as Persona).api_key, REDACTED);
    assert.deepEqual(llm.tools, (maximal.layers as Persona).llm && ((maximal.layers as Persona).llm as Persona).tools);
    assert.equal(redacted.persona_name, 'Clinic Intake');
  });

  it('never mutates its input', () => {
    const before = JSON.stringify(maximal);
    redactPersona(maximal);
    assert.equal(JSON.stringify(maximal), before);
  });

  it('leaves empty secrets empty so "unset" stays visible', () => {
    const redacted = redactPersona({ layers: { llm: { api_key: '', headers: {} } } });
    assert.deepEqual(redacted, { layers: { llm: { api_key: '', headers: {} } } });
  });

  it('redacts only strings, never numbers, booleans or null', () => {
    assert.deepEqual(redactPersona({ token: 5, password: true, secret: null }), { token: 5, password: true, secret: null });
  });

  it('keeps __proto__ as an own member and never touches Object.prototype', () => {
    const input = JSON.parse(
      '{"__proto__":{"api_key":"sk-abcdef","polluted":"yes"},"constructor":{"token":"t-123456"}}',
    ) as JsonValue;
    const redacted = redactPersona(input) as Persona;
    assert.equal(Object.getPrototypeOf(redacted), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(redacted, '__proto__'));
    assert.deepEqual(
      redacted,
      JSON.parse('{"__proto__":{"api_key":"[redacted]","polluted":"yes"},"constructor":{"token":"[redacted]"}}'),
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('copies arrays and primitives', () => {
    assert.deepEqual(redactPersona([1, 'a', { token: 'abcd' }, [null]]), [1, 'a', { token: REDACTED }, [null]]);
    assert.equal(redactPersona('plain'), 'plain');
    assert.equal(redactPersona(null), null);
  });

  it('handles documents nested far deeper than the call stack allows', () => {
    let deep: JsonValue = { token: 'deep-secret' };
    for (let i = 0; i < 100_000; i++) {
      deep = { a: deep };
    }
    let node: Persona = redactPersona(deep);
    while ('a' in node) {
      node = node.a as Persona;
    }
    assert.deepEqual(node, { token: REDACTED });
  });
});

describe('collectSecrets', () => {
  it('finds secret values, the credential behind a scheme, longest first', () => {
    assert.deepEqual(collectSecrets(maximal), [
      'Bearer tok-abcdef',
      'sk-live-123456',
      '2024-01-01',
      'tok-abcdef',
      'el-999999',
      'org-42',
    ]);
  });
  it('skips values too short to scrub safely and non-strings', () => {
    assert.deepEqual(collectSecrets({ api_key: 'abc', token: 12345, layers: { llm: { api_key: '' } } }), []);
  });
});

describe('redactText', () => {
  it('replaces every occurrence of each known secret', () => {
    assert.equal(redactText('used sk-1234 then sk-1234 again', ['sk-1234']), `used ${REDACTED} then ${REDACTED} again`);
  });
  it('prefers the longest secret and never re-redacts its own marker', () => {
    assert.equal(redactText('key=abcdef', ['abc', 'abcdef', 'dact']), `key=${REDACTED}`);
  });
  it('does not mutate the secrets list', () => {
    const secrets = ['a1b2', 'longer-one'];
    redactText('x', secrets);
    assert.deepEqual(secrets, ['a1b2', 'longer-one']);
  });
  it('redacts x-api-key headers in HTTP and JSON forms', () => {
    assert.equal(redactText('x-api-key: 0123abcd', []), `x-api-key: ${REDACTED}`);
    assert.equal(redactText('{"x-api-key":"0123abcd","accept":"json"}', []), `{"x-api-key":"${REDACTED}","accept":"json"}`);
    assert.equal(redactText("headers: { 'x-api-key': 'abc' }", []), `headers: { 'x-api-key': '${REDACTED}' }`);
  });
  it('redacts Bearer credentials and Authorization headers', () => {
    assert.equal(redactText('Authorization: Bearer eyJhbGciOi.xyz', []), `Authorization: Bearer ${REDACTED}`);
    assert.equal(redactText('sent Bearer abc.def-ghi', []), `sent Bearer ${REDACTED}`);
  });
  it('redacts secret JSON members and query parameters', () => {
    assert.equal(redactText('{"api_key": "sk-live"}', []), `{"api_key": "${REDACTED}"}`);
    assert.equal(redactText('GET /x?api_key=abc123&page=2', []), `GET /x?api_key=${REDACTED}&page=2`);
  });
  it('leaves ordinary text, numbers and empty values alone', () => {
    for (const text of ['max_tokens: 256', '{"token":""}', '{"max_tokens":"256"}', 'Basic plan', 'Persona saved', 'token: 42']) {
      assert.equal(redactText(text, []), text);
    }
  });
  it('is idempotent', () => {
    const once = redactText('x-api-key: abc Authorization: Bearer zzz {"token":"t"}', ['abc']);
    assert.equal(redactText(once, ['abc']), once);
  });
});

describe('redactText on echoed ops (issue 10, item 8)', () => {
  it('redacts the value of an op whose path names a secret, in JSON and as JSON inside JSON, either member order', () => {
    const body = '{"message":"Test failed","op":{"op":"test","path":"/layers/llm/api_key","value":"sk-live-typed-just-now"}}';
    assert.equal(
      redactText(body, []),
      '{"message":"Test failed","op":{"op":"test","path":"/layers/llm/api_key","value":"[redacted]"}}',
    );
    const reversed = '[{"value": "hdr-secret-1", "op": "add", "path": "/layers/llm/headers/X-Org"}]';
    assert.equal(redactText(reversed, []), '[{"value": "[redacted]", "op": "add", "path": "/layers/llm/headers/X-Org"}]');
    const nested = JSON.stringify({
      error: JSON.stringify([{ op: 'replace', path: '/layers/tts/api_key', value: 'tts-secret-9' }]),
    });
    assert.doesNotMatch(redactText(nested, []), /tts-secret-9/);
    const ordinary = '{"op":"replace","path":"/persona_name","value":"Guide"}';
    assert.equal(redactText(ordinary, []), ordinary);
  });

  it('redacts op lines as describePatchOps and servers print them', () => {
    assert.equal(
      redactText('Failed to save: test /layers/llm/api_key "sk-live-abc123"; replace /persona_name "Guide"', []),
      'Failed to save: test /layers/llm/api_key "[redacted]"; replace /persona_name "Guide"',
    );
    assert.equal(
      redactText('add /layers/llm/headers/X-Key = "abc-123-secret"', []),
      'add /layers/llm/headers/X-Key = "[redacted]"',
    );
  });
});

describe('collectOpSecrets (issue 10, item 8)', () => {
  it('finds the secrets an op list carries, judged where each value lands', () => {
    const ops: PatchOp[] = [
      { op: 'replace', path: '/layers/llm/api_key', value: 'sk-typed-now' },
      { op: 'add', path: '/layers/tts', value: { api_key: 'tts-key-1', tts_engine: 'cartesia' } },
      { op: 'add', path: '/layers/llm/headers', value: { Authorization: 'Bearer tok-12345' } },
      { op: 'replace', path: '/persona_name', value: 'not a secret' },
      { op: 'remove', path: '/layers/llm/base_url' },
    ];
    assert.deepEqual(collectOpSecrets(ops), ['Bearer tok-12345', 'sk-typed-now', 'tts-key-1', 'tok-12345']);
    const message = `Tavus answered 422: ${JSON.stringify(ops[0])} and tts-key-1`;
    assert.doesNotMatch(redactText(message, collectOpSecrets(ops)), /sk-typed-now|tts-key-1/);
  });
});

describe('copies kept on disk', () => {
  it('withoutSecretFields drops secret members whatever their value, keeping everything else and the original', () => {
    const persona = JSON.parse(
      '{"layers":{"llm":{"model":"m","api_key":"sk-1234","headers":{"X-Team":"support"},"max_tokens":5},"tts":{"api_key":""}},"__proto__":{"token":1}}',
    ) as Persona;
    const copy = withoutSecretFields(persona);
    assert.deepEqual(copy, JSON.parse('{"layers":{"llm":{"model":"m","headers":{},"max_tokens":5},"tts":{}},"__proto__":{}}'));
    assert.equal(((persona.layers as Persona).llm as Persona).api_key, 'sk-1234');
    assert.deepEqual(withoutSecretFields({ model: 'm', api_key: 'x' }, ['layers', 'llm']), { model: 'm' });
  });

  it('redactOps marks secret values where the value of each op lands, leaving other ops as they were', () => {
    const ops: PatchOp[] = [
      { op: 'replace', path: '/layers/llm/api_key', value: 'sk-typed' },
      { op: 'add', path: '/layers/tts', value: { engine: 'e', api_key: 'tts-1' } },
      { op: 'remove', path: '/layers/llm/api_key' },
      { op: 'replace', path: '/layers/llm/model', value: 'm' },
    ];
    assert.deepEqual(redactOps(ops), [
      { op: 'replace', path: '/layers/llm/api_key', value: REDACTED },
      { op: 'add', path: '/layers/tts', value: { engine: 'e', api_key: REDACTED } },
      { op: 'remove', path: '/layers/llm/api_key' },
      { op: 'replace', path: '/layers/llm/model', value: 'm' },
    ]);
    assert.equal(ops[0]!.value, 'sk-typed');
  });
});
