import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Persona } from '../../src/core/json';
import {
  defaultEnvName,
  diffFileWithTavus,
  fileIdFor,
  parsePersonaFile,
  personaFileText,
  resolveReferences,
  type PersonaFile,
} from '../../src/core/personaFile';
import { SERVER_OWNED_FIELDS } from '../../src/core/personaRules';

const SECRET = 'sk-live-4f9a2c71d0e8';

function tavusCopy(): Persona {
  return {
    persona_id: 'p123',
    persona_name: 'Clinic Intake',
    pal_name: 'Clinic Intake (PAL)',
    persona_type: 'user',
    system_prompt: 'Be kind.',
    layers: {
      llm: { model: 'my-llm', api_key: SECRET, headers: { Authorization: 'Bearer tok-998877' }, extra_body: { max_tokens: 200 } },
      tts: { tts_engine: 'elevenlabs', api_key: '' },
    },
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-06-02T08:30:00Z',
  };
}

function parsed(text: string): PersonaFile {
  const result = parsePersonaFile(text);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.file;
}

describe('personaFileText', () => {
  it('leaves out the fields Tavus sets and keeps PAL-era twins, with the id under the connection', () => {
    const { text } = personaFileText(tavusCopy(), { connection: 'staging' });
    const written = JSON.parse(text);
    for (const field of SERVER_OWNED_FIELDS) assert.equal(field in written, false, field);
    assert.deepEqual(written.$tavus, { ids: { staging: 'p123' } });
    assert.equal(Object.keys(written)[0], '$tavus');
    assert.equal(written.pal_name, 'Clinic Intake (PAL)');
    assert.equal(written.layers.llm.extra_body.max_tokens, 200);
  });

  it('writes every non-empty secret as an ${env:NAME} reference, never in clear', () => {
    const { text, references } = personaFileText(tavusCopy(), { connection: 'default' });
    assert.equal(text.includes(SECRET), false);
    assert.equal(text.includes('tok-998877'), false);
    assert.deepEqual(references, [
      { pointer: '/layers/llm/api_key', env: 'TAVUS_LLM_API_KEY' },
      { pointer: '/layers/llm/headers/Authorization', env: 'TAVUS_LLM_HEADERS_AUTHORIZATION' },
    ]);
    const written = JSON.parse(text);
    assert.equal(written.layers.llm.api_key, '${env:TAVUS_LLM_API_KEY}');
    // An empty key says "unset" and stays so.
    assert.equal(written.layers.tts.api_key, '');
  });

  it("keeps the previous file's other connections and its variable names", () => {
    const previous = parsed(
      JSON.stringify({
        $tavus: { ids: { production: 'p999', default: 'pold' } },
        layers: { llm: { api_key: '${env:PROD_LLM_KEY}' } },
      }),
    );
    const { text, references } = personaFileText(tavusCopy(), { connection: 'default', previous });
    const written = JSON.parse(text);
    assert.deepEqual(written.$tavus.ids, { production: 'p999', default: 'p123' });
    assert.equal(written.layers.llm.api_key, '${env:PROD_LLM_KEY}');
    assert.deepEqual(
      references.map(({ env }) => env),
      ['PROD_LLM_KEY', 'TAVUS_LLM_HEADERS_AUTHORIZATION'],
    );
  });

  it('gives two secrets that would share a default name different names', () => {
    const persona: Persona = {
      persona_id: 'p1',
      layers: { llm: { headers: { 'x-api-key': 'aaaa1111', x_api_key: 'bbbb2222' } } },
    };
    const { references } = personaFileText(persona, { connection: 'default' });
    assert.deepEqual(references.map(({ env }) => env).sort(), ['TAVUS_LLM_HEADERS_X_API_KEY', 'TAVUS_LLM_HEADERS_X_API_KEY_2']);
  });

  it('refuses a persona without an id', () => {
    assert.throws(() => personaFileText({ persona_name: 'x' }, { connection: 'default' }), /no persona_id/);
  });
});

describe('defaultEnvName', () => {
  it('names the variable after the path below layers', () => {
    assert.equal(defaultEnvName(['layers', 'llm', 'api_key']), 'TAVUS_LLM_API_KEY');
    assert.equal(defaultEnvName(['layers', 'llm', 'headers', 'x-api-key']), 'TAVUS_LLM_HEADERS_X_API_KEY');
    assert.equal(defaultEnvName(['secret_token']), 'TAVUS_SECRET_TOKEN');
  });
});

describe('parsePersonaFile', () => {
  it('reads the header, the references and secrets written in clear', () => {
    const file = parsed(
      JSON.stringify({
        $tavus: { ids: { default: 'p1', production: ' p2 ' } },
        persona_name: 'N',
        layers: { llm: { api_key: '${env:K}' }, tts: { api_key: 'typed-by-hand' } },
      }),
    );
    assert.deepEqual(file.ids, { default: 'p1', production: 'p2' });
    assert.deepEqual(file.body, {
      persona_name: 'N',
      layers: { llm: { api_key: '${env:K}' }, tts: { api_key: 'typed-by-hand' } },
    });
    assert.deepEqual(file.references, [{ pointer: '/layers/llm/api_key', env: 'K' }]);
    assert.deepEqual(file.clearSecrets, ['/layers/tts/api_key']);
  });

  it('accepts a file without a header (no ids yet)', () => {
    assert.deepEqual(parsed('{"persona_name":"N"}').ids, {});
  });

  it('refuses invalid JSON, repeated members and a malformed header, saying where', () => {
    const cases: Array<[string, RegExp]> = [
      ['{"persona_name": }', /line 1, column \d+/],
      ['{"a":1,"a":2}', /not valid JSON: line 1/],
      ['[]', /one JSON object/],
      ['{"$tavus": []}', /"\$tavus" must be an object/],
      ['{"$tavus": {"ids": {"default": 5}}}', /"\$tavus.ids.default" must be a persona id/],
      ['{"$tavus": {"ids": {"default": ""}}}', /must be a persona id/],
    ];
    for (const [text, expected] of cases) {
      const result = parsePersonaFile(text);
      assert.equal(result.ok, false, text);
      if (!result.ok) assert.match(result.message, expected, text);
    }
  });
});

describe('resolveReferences', () => {
  const file = () => parsed(personaFileText(tavusCopy(), { connection: 'default' }).text);

  it("puts the variables' values back where the references are, and returns them as secrets", () => {
    const result = resolveReferences(file(), { TAVUS_LLM_API_KEY: SECRET, TAVUS_LLM_HEADERS_AUTHORIZATION: 'Bearer tok-998877' });
    assert.ok(result.ok);
    const expected = tavusCopy();
    for (const field of SERVER_OWNED_FIELDS) delete expected[field];
    assert.deepEqual(result.body, expected);
    assert.deepEqual(result.secrets.sort(), ['Bearer tok-998877', SECRET]);
  });

  it('names every missing variable and where it is used, and no value', () => {
    const result = resolveReferences(file(), { TAVUS_LLM_API_KEY: SECRET, TAVUS_LLM_HEADERS_AUTHORIZATION: '' });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.match(result.message, /TAVUS_LLM_HEADERS_AUTHORIZATION \(for \/layers\/llm\/headers\/Authorization\)/);
      assert.equal(result.message.includes('TAVUS_LLM_API_KEY'), false);
      assert.equal(result.message.includes(SECRET), false);
    }
  });

  it('leaves a reference outside a secret field as text', () => {
    const result = resolveReferences(parsed('{"system_prompt": "${env:HOME}"}'), { HOME: '/root' });
    assert.ok(result.ok);
    assert.deepEqual(result.body, { system_prompt: '${env:HOME}' });
  });
});

describe('fileIdFor', () => {
  it("finds the connection's id, or names the connections the file has", () => {
    const file = parsed('{"$tavus": {"ids": {"staging": "p1"}}}');
    assert.deepEqual(fileIdFor(file, 'staging'), { ok: true, id: 'p1' });
    const missing = fileIdFor(file, 'production');
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.match(missing.message, /no persona id for connection "production".*It names "staging"/);
  });
});

describe('diffFileWithTavus', () => {
  it('is empty for a file just pulled, once its references are resolved', () => {
    const file = parsed(personaFileText(tavusCopy(), { connection: 'default' }).text);
    const resolved = resolveReferences(file, { TAVUS_LLM_API_KEY: SECRET, TAVUS_LLM_HEADERS_AUTHORIZATION: 'Bearer tok-998877' });
    assert.ok(resolved.ok);
    assert.deepEqual(diffFileWithTavus(tavusCopy(), resolved.body).ops, []);
  });

  it('changes what the file changes and never the fields Tavus sets', () => {
    const body: Persona = { ...tavusCopy(), persona_id: 'pOTHER', updated_at: 'yesterday', system_prompt: 'Be brief.' };
    delete body.pal_name;
    const { ops, edited } = diffFileWithTavus(tavusCopy(), body);
    assert.deepEqual(ops, [
      { op: 'remove', path: '/pal_name' },
      { op: 'replace', path: '/system_prompt', value: 'Be brief.' },
    ]);
    assert.equal(edited.persona_id, 'p123');
    assert.equal(edited.updated_at, '2025-06-02T08:30:00Z');
  });
});
