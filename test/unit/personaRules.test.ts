import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Persona } from '../../src/core/json';
import {
  findServerOwnedChanges,
  personaId,
  personaLabel,
  SERVER_OWNED_FIELDS,
  withServerOwnedFieldsRestored,
} from '../../src/core/personaRules';

const base: Persona = {
  persona_id: 'p1234567',
  persona_name: 'Support',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-02-01T00:00:00Z',
  layers: { llm: { model: 'tavus-gpt-oss' } },
};

/** A copy of the base with some members replaced and the named ones removed. */
function edit(changes: Persona, removed: readonly string[] = []): Persona {
  const copy: Persona = { ...structuredClone(base), ...changes };
  for (const key of removed) delete copy[key];
  return copy;
}

describe('personaId', () => {
  it('reads persona_id', () => assert.equal(personaId({ persona_id: 'p1' }), 'p1'));
  it('reads the PAL-era pal_id', () => assert.equal(personaId({ pal_id: 'p2' }), 'p2'));
  it('prefers persona_id over pal_id', () => assert.equal(personaId({ persona_id: 'p1', pal_id: 'p2' }), 'p1'));
  it('falls back to pal_id when persona_id is null or empty', () => {
    assert.equal(personaId({ persona_id: null, pal_id: 'p2' }), 'p2');
    assert.equal(personaId({ persona_id: '', pal_id: 'p2' }), 'p2');
  });
  it('is undefined without a usable id', () => {
    assert.equal(personaId({}), undefined);
    assert.equal(personaId({ persona_id: '' }), undefined);
    assert.equal(personaId({ persona_id: 42 }), undefined);
    assert.equal(personaId({ pal_id: { id: 'p1' } }), undefined);
  });
});

describe('personaLabel', () => {
  it('uses persona_name, trimmed', () =>
    assert.equal(personaLabel({ persona_name: '  Support  ', pal_name: 'Other' }), 'Support'));
  it('falls back to pal_name when persona_name is blank, missing or not a string', () => {
    assert.equal(personaLabel({ persona_name: '   ', pal_name: 'Pal' }), 'Pal');
    assert.equal(personaLabel({ pal_name: 'Pal' }), 'Pal');
    assert.equal(personaLabel({ persona_name: 7, pal_name: 'Pal' }), 'Pal');
  });
  it('falls back to the id', () => {
    assert.equal(personaLabel({ persona_id: 'p1', persona_name: '' }), 'p1');
    assert.equal(personaLabel({ pal_id: 'p2' }), 'p2');
  });
  it('says so when there is nothing to show', () => assert.equal(personaLabel({ persona_name: null }), '(unnamed persona)'));
});

describe('findServerOwnedChanges', () => {
  it('is empty when nothing server-owned changed', () => {
    assert.deepEqual(findServerOwnedChanges(base, edit({ persona_name: 'Renamed', layers: {} })), []);
    assert.deepEqual(findServerOwnedChanges(base, structuredClone(base)), []);
  });
  it('reports changed fields', () => {
    assert.deepEqual(findServerOwnedChanges(base, edit({ updated_at: '2030-01-01T00:00:00Z', persona_id: 'p999' })), [
      '/persona_id',
      '/updated_at',
    ]);
  });
  it('reports removed fields', () => {
    assert.deepEqual(findServerOwnedChanges(base, edit({}, ['created_at'])), ['/created_at']);
  });
  it('reports added fields', () => {
    assert.deepEqual(findServerOwnedChanges(base, edit({ persona_type: 'user', pal_id: 'p1234567' })), [
      '/pal_id',
      '/persona_type',
    ]);
  });
  it('treats a change of type as a change', () => {
    assert.deepEqual(findServerOwnedChanges({ updated_at: null }, { updated_at: 'null' }), ['/updated_at']);
  });
  it('covers every server-owned field', () => {
    const all: Persona = Object.fromEntries(SERVER_OWNED_FIELDS.map((field) => [field, 'x']));
    assert.deepEqual(
      findServerOwnedChanges({}, all),
      SERVER_OWNED_FIELDS.map((field) => `/${field}`),
    );
  });
});

describe('withServerOwnedFieldsRestored', () => {
  it('restores changed fields and keeps the user edits', () => {
    const restored = withServerOwnedFieldsRestored(base, edit({ persona_name: 'Renamed', updated_at: 'bogus' }));
    assert.deepEqual(restored, edit({ persona_name: 'Renamed' }));
  });
  it('restores fields the edit removed', () => {
    assert.deepEqual(withServerOwnedFieldsRestored(base, edit({}, ['persona_id', 'created_at'])), base);
  });
  it('removes server-owned fields the base lacks', () => {
    const restored = withServerOwnedFieldsRestored(base, edit({ pal_id: 'p9', persona_type: 'system' }));
    assert.equal(Object.hasOwn(restored, 'pal_id'), false);
    assert.equal(Object.hasOwn(restored, 'persona_type'), false);
    assert.deepEqual(restored, base);
  });
  it('restores only the fields it is given', () => {
    const restored = withServerOwnedFieldsRestored(base, edit({ updated_at: 'bogus', persona_id: 'p999' }), ['updated_at']);
    assert.deepEqual(restored, edit({ persona_id: 'p999' }));
  });
  it('does not change its inputs', () => {
    const edited = edit({ updated_at: 'bogus' });
    const before = structuredClone(edited);
    withServerOwnedFieldsRestored(base, edited);
    assert.deepEqual(edited, before);
  });
  it('keeps a __proto__ member as an own member, without touching prototypes', () => {
    const edited = JSON.parse('{"persona_name": "x", "__proto__": {"polluted": true}, "updated_at": "bogus"}') as Persona;
    const restored = withServerOwnedFieldsRestored(base, edited);
    assert.equal(Object.hasOwn(restored, '__proto__'), true);
    assert.deepEqual(Object.getOwnPropertyDescriptor(restored, '__proto__')?.value, { polluted: true });
    assert.equal(Object.getPrototypeOf(restored), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(restored.updated_at, base.updated_at);
  });
});
