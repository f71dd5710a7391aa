import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Persona } from '../../src/core/json';
import { parsePersonaFile, personaFileText } from '../../src/core/personaFile';
import {
  bodyFingerprint,
  personaFileState,
  STATE_LOOKS,
  tavusAsFileBody,
  type PersonaFileState,
} from '../../src/core/personaFileState';

const tavusCopy: Persona = {
  persona_id: 'p123',
  persona_name: 'Clinic Intake',
  persona_type: 'user',
  system_prompt: 'Be kind.',
  layers: { llm: { model: 'my-llm', api_key: 'sk-live-4f9a2c71d0e8' } },
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-06-02T08:30:00Z',
};

function pulled(persona: Persona) {
  const parsed = parsePersonaFile(personaFileText(persona, { connection: 'default' }).text);
  assert.ok(parsed.ok);
  return parsed.file;
}

describe('personaFileState', () => {
  const cases: { name: string; file: string; tavus: string | undefined; base: string | undefined; state: PersonaFileState }[] = [
    { name: 'file equals Tavus', file: 'a', tavus: 'a', base: 'b', state: 'inSync' },
    { name: 'file equals Tavus without a base', file: 'a', tavus: 'a', base: undefined, state: 'inSync' },
    { name: 'only the file moved from the base', file: 'b', tavus: 'a', base: 'a', state: 'localChanges' },
    { name: 'only Tavus moved from the base', file: 'a', tavus: 'b', base: 'a', state: 'tavusChanges' },
    { name: 'both moved from the base', file: 'b', tavus: 'c', base: 'a', state: 'both' },
    { name: 'a difference without a base', file: 'b', tavus: 'c', base: undefined, state: 'differs' },
    { name: 'no persona for the connection', file: 'b', tavus: undefined, base: 'a', state: 'notOnTavus' },
  ];
  for (const { name, state, ...fingerprints } of cases) {
    it(`${name} → ${state}`, () => assert.equal(personaFileState(fingerprints), state));
  }

  it('has a badge of at most two characters and a tooltip for every state, colored unless in sync', () => {
    for (const [state, look] of Object.entries(STATE_LOOKS)) {
      assert.ok(look.badge.length >= 1 && look.badge.length <= 2);
      assert.ok(look.tooltip.startsWith('Persona file: '));
      if (state === 'inSync') assert.equal(look.color, undefined);
      else assert.match(look.color ?? '', /^gitDecoration\./);
    }
  });
});

describe('bodyFingerprint', () => {
  it('ignores member order, as the push diff does', () => {
    assert.equal(
      bodyFingerprint({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }),
      bodyFingerprint({ b: { c: [1, { e: 3, d: 2 }] }, a: 1 }),
    );
  });

  it('tells apart values, array order and strings that only look alike', () => {
    const bodies: Persona[] = [{ a: 1 }, { a: '1' }, { a: [1, 2] }, { a: [2, 1] }, { a: null }, { 'a,b': 1 }, { a: { b: 1 } }];
    const fingerprints = bodies.map(bodyFingerprint);
    assert.equal(new Set(fingerprints).size, fingerprints.length);
  });
});

describe('tavusAsFileBody', () => {
  it('is the body a pull writes: in sync right after a pull', () => {
    const file = pulled(tavusCopy);
    const body = tavusAsFileBody(tavusCopy, file, 'default');
    assert.equal(bodyFingerprint(body), bodyFingerprint(file.body));
    assert.equal(body.persona_id, undefined);
    assert.equal((body.layers as { llm: { api_key: string } }).llm.api_key, '${env:TAVUS_LLM_API_KEY}');
  });

  it('keeps the file’s variable names, so a renamed reference still matches', () => {
    const file = pulled(tavusCopy);
    file.references = [{ pointer: '/layers/llm/api_key', env: 'CLINIC_LLM_KEY' }];
    const body = tavusAsFileBody(tavusCopy, file, 'default');
    assert.equal((body.layers as { llm: { api_key: string } }).llm.api_key, '${env:CLINIC_LLM_KEY}');
  });

  it('sees a change on Tavus, but not a new updated_at alone', () => {
    const file = pulled(tavusCopy);
    const touched = tavusAsFileBody({ ...tavusCopy, updated_at: '2025-07-01T00:00:00Z' }, file, 'default');
    const edited = tavusAsFileBody({ ...tavusCopy, system_prompt: 'Be brief.' }, file, 'default');
    assert.equal(bodyFingerprint(touched), bodyFingerprint(file.body));
    assert.notEqual(bodyFingerprint(edited), bodyFingerprint(file.body));
  });
});
