import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, deepClone, type Operation } from 'fast-json-patch';
import type { PatchOp, Persona } from '../../src/core/json';
import { formatPersona } from '../../src/core/personaDocument';
import { computeSave, computeSaveFromValue, type SaveComputation } from '../../src/core/saveComputation';

const base: Persona = {
  persona_id: 'p1234567',
  persona_name: 'Support',
  system_prompt: 'Be helpful.',
  layers: { llm: { model: 'tavus-gpt-oss', api_key: 'sk-live-123456' }, tts: { tts_engine: 'cartesia' } },
  document_ids: ['d1', 'd2'],
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-02-01T17:45:00Z',
};

const guarded = { guardWithTestOps: true };
const unguarded = { guardWithTestOps: false };

/** The base as the editor shows it, with `change` applied to a copy first. */
function editedText(change: (copy: Persona) => void = () => {}): string {
  const copy = structuredClone(base);
  change(copy);
  return formatPersona(copy);
}

function expectKind<K extends SaveComputation['kind']>(result: SaveComputation, kind: K): Extract<SaveComputation, { kind: K }> {
  assert.equal(result.kind, kind, JSON.stringify(result));
  return result as Extract<SaveComputation, { kind: K }>;
}

/** Applies a patch to a copy of `doc` as an RFC 6902 server would, failing on a failed test op. */
function patched(doc: Persona, ops: readonly PatchOp[]): Persona {
  return applyPatch(deepClone(doc) as Persona, ops as Operation[], true, false).newDocument;
}

describe('computeSave', () => {
  it('reports problems for text that is not JSON', () => {
    const result = expectKind(computeSave(base, '{\n  "persona_name": "x",\n}', guarded), 'invalid');
    assert.ok(result.problems.length > 0);
    assert.equal(result.problems[0]!.line, 2);
  });

  it('reports a problem for JSON that is not an object', () => {
    const result = expectKind(computeSave(base, '[]', guarded), 'invalid');
    assert.match(result.problems[0]!.message, /one JSON object/);
  });

  it('refuses edits of server-owned fields, naming them', () => {
    const text = editedText((copy) => {
      copy.updated_at = '2030-01-01T00:00:00Z';
      delete copy.created_at;
      copy.persona_name = 'Renamed';
    });
    const result = expectKind(computeSave(base, text, guarded), 'serverOwned');
    assert.deepEqual(result.pointers, ['/created_at', '/updated_at']);
    assert.equal(result.edited.persona_name, 'Renamed');
  });

  it('finds no changes in the unchanged text', () => {
    const result = expectKind(computeSave(base, formatPersona(base), guarded), 'noChanges');
    assert.deepEqual(result.edited, base);
  });

  it('finds no changes when only the formatting or key order changed', () => {
    const reordered: Persona = { updated_at: base.updated_at!, ...structuredClone(base) };
    for (const text of [JSON.stringify(base), JSON.stringify(reordered, null, 4), `\n\n${formatPersona(base)}   \n`]) {
      expectKind(computeSave(base, text, guarded), 'noChanges');
    }
  });

  it('turns edits into ops that make the base into the edit', () => {
    const text = editedText((copy) => {
      copy.persona_name = 'Renamed';
      (copy.layers as { llm: Persona }).llm.model = 'tavus-gemini-2.5-flash';
      copy.document_ids = ['d2'];
      copy.greeting = 'Hi!';
      delete copy.system_prompt;
    });
    const result = expectKind(computeSave(base, text, unguarded), 'changes');
    assert.ok(result.ops.length > 0);
    assert.deepEqual(patched(base, result.ops), JSON.parse(text));
    assert.deepEqual(result.edited, JSON.parse(text));
  });

  it('sends the ops alone when guarding is off', () => {
    const result = expectKind(
      computeSave(
        base,
        editedText((copy) => (copy.persona_name = 'Renamed')),
        unguarded,
      ),
      'changes',
    );
    assert.deepEqual(result.body, result.ops);
    assert.ok(result.body.every((op) => op.op !== 'test'));
  });

  it('leads with a test of /updated_at when guarding is on', () => {
    const text = editedText((copy) => (copy.persona_name = 'Renamed'));
    const result = expectKind(computeSave(base, text, guarded), 'changes');
    assert.deepEqual(result.body[0], { op: 'test', path: '/updated_at', value: base.updated_at });
    assert.deepEqual(result.body.slice(result.body.length - result.ops.length), result.ops);
    assert.ok(result.body.slice(0, result.body.length - result.ops.length).every((op) => op.op === 'test'));
    assert.deepEqual(patched(base, result.body), JSON.parse(text));
  });

  it('tests the values it overwrites when the base has no updated_at', () => {
    const withoutTimestamp = structuredClone(base);
    delete withoutTimestamp.updated_at;
    const edited = { ...structuredClone(withoutTimestamp), persona_name: 'Renamed' };
    const result = expectKind(computeSaveFromValue(withoutTimestamp, edited, guarded), 'changes');
    assert.deepEqual(result.body, [{ op: 'test', path: '/persona_name', value: 'Support' }, ...result.ops]);
    assert.deepEqual(patched(withoutTimestamp, result.body), edited);
  });

  it('makes a guarded patch fail on a persona changed elsewhere in the meantime', () => {
    const result = expectKind(
      computeSave(
        base,
        editedText((copy) => (copy.persona_name = 'Renamed')),
        guarded,
      ),
      'changes',
    );
    const changedElsewhere = { ...structuredClone(base), updated_at: '2026-03-01T00:00:00Z' };
    assert.throws(() => patched(changedElsewhere, result.body));
  });
});

describe('computeSaveFromValue', () => {
  it('takes a parsed value and decides the same way', () => {
    expectKind(computeSaveFromValue(base, structuredClone(base), guarded), 'noChanges');
    expectKind(computeSaveFromValue(base, { ...structuredClone(base), persona_id: 'p0' }, guarded), 'serverOwned');
    const result = expectKind(computeSaveFromValue(base, { ...structuredClone(base), context: 'New' }, unguarded), 'changes');
    assert.deepEqual(result.ops, [{ op: 'add', path: '/context', value: 'New' }]);
  });

  it('does not change the base or the edit', () => {
    const baseCopy = structuredClone(base);
    const edited = { ...structuredClone(base), persona_name: 'Renamed' };
    const editedCopy = structuredClone(edited);
    computeSaveFromValue(baseCopy, edited, guarded);
    assert.deepEqual(baseCopy, base);
    assert.deepEqual(edited, editedCopy);
  });
});
