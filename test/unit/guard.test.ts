import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, deepClone } from 'fast-json-patch';
import { guardOps } from '../../src/core/guard';
import { diffJson } from '../../src/core/diff';
import { JsonValue, PatchOp, Persona } from '../../src/core/json';

function apply(doc: Persona, ops: PatchOp[]): JsonValue {
  return applyPatch(deepClone(doc), deepClone(ops), true).newDocument as JsonValue;
}

const withoutTimestamp: Persona = {
  persona_name: 'Guide',
  layers: { llm: { model: 'tavus-gpt-oss', tools: [{ name: 'a' }, { name: 'b' }] }, tts: { tts_engine: 'cartesia' } },
  document_ids: ['d1', 'd2'],
};

describe('guardOps', () => {
  it('guards with updated_at when the base has it', () => {
    const base: Persona = { ...withoutTimestamp, updated_at: '2025-11-04T09:02:45Z' };
    const ops: PatchOp[] = [{ op: 'replace', path: '/persona_name', value: 'New' }];
    assert.deepEqual(guardOps(base, ops), [{ op: 'test', path: '/updated_at', value: '2025-11-04T09:02:45Z' }, ...ops]);
  });

  it('uses value tests when updated_at is missing or not a string', () => {
    const ops: PatchOp[] = [{ op: 'replace', path: '/persona_name', value: 'New' }];
    for (const base of [withoutTimestamp, { ...withoutTimestamp, updated_at: null }]) {
      assert.deepEqual(guardOps(base, ops), [{ op: 'test', path: '/persona_name', value: 'Guide' }, ...ops]);
    }
  });

  it('tests the base value at each replaced, removed or moved-from path, in op order', () => {
    const ops: PatchOp[] = [
      { op: 'remove', path: '/document_ids/1' },
      { op: 'replace', path: '/layers/llm/model', value: 'x' },
      { op: 'move', from: '/layers/tts/tts_engine', path: '/layers/tts/engine' },
    ];
    assert.deepEqual(guardOps(withoutTimestamp, ops).slice(0, 3), [
      { op: 'test', path: '/document_ids/1', value: 'd2' },
      { op: 'test', path: '/layers/llm/model', value: 'tavus-gpt-oss' },
      { op: 'test', path: '/layers/tts/tts_engine', value: 'cartesia' },
    ]);
  });

  it('adds no tests for add, copy or test ops, nor for paths the base lacks', () => {
    const ops: PatchOp[] = [
      { op: 'add', path: '/context', value: 'c' },
      { op: 'copy', from: '/persona_name', path: '/greeting' },
      { op: 'test', path: '/persona_name', value: 'Guide' },
      { op: 'replace', path: '/context', value: 'd' },
    ];
    assert.deepEqual(guardOps(withoutTimestamp, ops), ops);
  });

  it('dedupes paths and lets a guarded parent cover its children', () => {
    const ops: PatchOp[] = [
      { op: 'replace', path: '/layers/llm/tools/0/name', value: 'z' },
      { op: 'replace', path: '/layers/llm/tools', value: [] },
      { op: 'replace', path: '/layers/llm/tools', value: [1] },
      { op: 'remove', path: '/layers/llm/model' },
      { op: 'replace', path: '/layers/llm/modelx', value: 1 },
    ];
    assert.deepEqual(guardOps(withoutTimestamp, ops).slice(0, 2), [
      { op: 'test', path: '/layers/llm/tools', value: [{ name: 'a' }, { name: 'b' }] },
      { op: 'test', path: '/layers/llm/model', value: 'tavus-gpt-oss' },
    ]);
    assert.equal(guardOps(withoutTimestamp, ops).length, ops.length + 2);
  });

  it('covers everything with a root replace', () => {
    const ops: PatchOp[] = [
      { op: 'replace', path: '/persona_name', value: 'x' },
      { op: 'replace', path: '', value: {} },
    ];
    assert.deepEqual(guardOps(withoutTimestamp, ops)[0], { op: 'test', path: '', value: withoutTimestamp });
    assert.equal(guardOps(withoutTimestamp, ops).length, 3);
  });

  it('needs no guards when there are no ops', () => {
    assert.deepEqual(guardOps({ ...withoutTimestamp, updated_at: 'u' }, []), []);
  });

  it('passes on the base and fails once a guarded value changed on the server', () => {
    const edited = deepClone(withoutTimestamp) as Persona;
    (edited.document_ids as string[]).splice(0, 1);
    edited.persona_name = 'Renamed';
    const guarded = guardOps(withoutTimestamp, diffJson(withoutTimestamp, edited));
    assert.deepEqual(apply(withoutTimestamp, guarded), edited);
    const changedOnServer = { ...deepClone(withoutTimestamp), persona_name: 'Someone else' };
    assert.throws(() => apply(changedOnServer, guarded), { name: 'TEST_OPERATION_FAILED' });
  });
});
