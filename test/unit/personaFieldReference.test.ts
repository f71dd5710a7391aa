import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  knownField,
  knownFieldsUnder,
  PERSONA_FIELD_REFERENCE,
  SERVER_OWNED_FIELDS,
  withServerOwnedFieldsRestored,
} from '../../src/core/personaRules';
import { isSecretPath } from '../../src/core/redact';
import { parsePointer } from '../../src/core/pointer';

const keysUnder = (pointer: string) => knownFieldsUnder(pointer).map((field) => field.key);

describe('PERSONA_FIELD_REFERENCE', () => {
  it('has one entry per pointer', () => {
    const pointers = PERSONA_FIELD_REFERENCE.map((field) => field.pointer);
    assert.equal(new Set(pointers).size, pointers.length);
  });
  it('derives each key from its pointer', () => {
    for (const field of PERSONA_FIELD_REFERENCE) {
      assert.equal(field.key, parsePointer(field.pointer).at(-1), field.pointer);
    }
  });
  it('places every field under a known parent object', () => {
    for (const field of PERSONA_FIELD_REFERENCE) {
      const parent = field.pointer.slice(0, field.pointer.lastIndexOf('/'));
      assert.ok(parent === '' || knownField(parent)?.types.includes('object'), field.pointer);
    }
  });
  it('marks exactly the server-owned top-level fields read-only', () => {
    const readOnly = PERSONA_FIELD_REFERENCE.filter((field) => field.readOnly).map((field) => field.key);
    assert.deepEqual([...readOnly].sort(), [...SERVER_OWNED_FIELDS].sort());
  });
  it('agrees with redaction about secret fields', () => {
    for (const field of PERSONA_FIELD_REFERENCE.filter((entry) => entry.secret)) {
      const valuePath = field.types[0] === 'object' ? [...parsePointer(field.pointer), 'any'] : parsePointer(field.pointer);
      assert.ok(isSecretPath(valuePath), field.pointer);
    }
  });
  it('gives every field a description and at least one type', () => {
    for (const field of PERSONA_FIELD_REFERENCE) {
      assert.ok(field.description.length > 0 && field.types.length > 0, field.pointer);
    }
  });
});

describe('knownFieldsUnder', () => {
  it('lists the top level', () => {
    const keys = keysUnder('');
    for (const key of [
      'persona_name',
      'system_prompt',
      'context',
      'default_replica_id',
      'pipeline_mode',
      'layers',
      'persona_id',
    ]) {
      assert.ok(keys.includes(key), key);
    }
    assert.ok(!keys.includes('model'));
  });
  it('lists the layers', () => {
    assert.deepEqual(keysUnder('/layers'), [
      'llm',
      'tts',
      'perception',
      'stt',
      'conversational_flow',
      'vqa',
      'transport',
      'conferencing',
    ]);
  });
  it('lists each layer’s fields with their enums', () => {
    assert.ok(keysUnder('/layers/llm').includes('api_key'));
    assert.ok(keysUnder('/layers/tts').includes('tts_engine'));
    assert.ok(keysUnder('/layers/perception').includes('visual_awareness_queries'));
    assert.ok(keysUnder('/layers/stt').includes('hotwords'));
    assert.ok(keysUnder('/layers/conversational_flow').includes('turn_taking_patience'));
    assert.deepEqual(knownField('/layers/conversational_flow/turn_taking_patience')?.enum, ['low', 'medium', 'high']);
    assert.equal(knownField('/layers/llm/model')?.enum?.[0], 'tavus-gpt-oss');
    assert.deepEqual(knownField('/layers/stt/hotwords')?.types, ['string']);
  });
  it('is empty for unknown or leaf pointers', () => {
    assert.deepEqual(knownFieldsUnder('/layers/llm/model'), []);
    assert.deepEqual(knownFieldsUnder('/nowhere'), []);
    assert.equal(knownField('/nowhere'), undefined);
  });
});

describe('withServerOwnedFieldsRestored with chosen fields', () => {
  it('restores only the fields asked for', () => {
    const base = { persona_id: 'p1', updated_at: 'u1', persona_name: 'A' };
    const edited = { persona_id: 'p2', updated_at: 'u2', persona_name: 'B' };
    assert.deepEqual(withServerOwnedFieldsRestored(base, edited, ['updated_at']), {
      persona_id: 'p2',
      updated_at: 'u1',
      persona_name: 'B',
    });
  });
});
