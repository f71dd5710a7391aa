import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyOperation, applyPatch, deepClone, type Operation } from 'fast-json-patch';
import { guardOps } from '../../src/core/guard';
import { diffJson } from '../../src/core/diff';
import { type JsonValue, type PatchOp, type Persona } from '../../src/core/json';
import { applyOps } from '../../src/core/patchedCopy';
import { getAtPointer } from '../../src/core/pointer';
import { fuzzCases, fuzzSeed, mutateJson, type Random, type Vocabulary } from './support/random';

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

describe('guardOps after array indices shift (issue 10, item 2)', () => {
  it('guards the overwritten value, not the one that shifted into its index', () => {
    const base: Persona = { a: [1, 2, 5] };
    const guarded = guardOps(base, diffJson(base, { a: [0, 1, 3, 5] }));
    assert.deepEqual(
      guarded.filter((op) => op.op === 'test'),
      [{ op: 'test', path: '/a/1', value: 2 }],
    );
    const shorter: Persona = { a: [1, 2] };
    const ops = diffJson(shorter, { a: [0, 1, 3] });
    assert.ok(guardOps(shorter, ops).length > ops.length, JSON.stringify(guardOps(shorter, ops)));
    assert.throws(() => applyOps({ a: [1, 9] }, guardOps(shorter, ops)), { message: 'Test operation failed' });
  });

  it('traces moved values back to where they came from', () => {
    const base: Persona = { a: [10, 20, 30], b: { c: 1 } };
    const ops: PatchOp[] = [
      { op: 'move', from: '/a/0', path: '/a/-' },
      { op: 'replace', path: '/a/2', value: 0 },
      { op: 'move', from: '/b', path: '/a/0' },
      { op: 'remove', path: '/a/0/c' },
    ];
    assert.deepEqual(guardOps(base, ops).slice(0, 2), [
      { op: 'test', path: '/a/0', value: 10 },
      { op: 'test', path: '/b', value: { c: 1 } },
    ]);
  });

  it('property: a base value the ops overwrite or remove that differs on the server fails a guard', () =>
    fuzzCases(fuzzSeed(1010), 400, generateEdit, checkGuardsCatchOverwrites, (edit) => JSON.stringify(edit)));
});

const SMALL: Vocabulary = { key: (random) => random.pick(['a', 'b', 'c', 'x']), primitive: (random) => random.int(3) };

interface Edit {
  base: Persona;
  ops: PatchOp[];
}

/** A persona-like document and either the diff to a random edit of it or random ops, move and copy among them. */
function generateEdit(random: Random): Edit {
  const base: Persona = { list: randomArray(random), nested: { items: randomArray(random), other: random.int(3) } };
  if (random.chance(0.5)) return { base, ops: diffJson(base, mutateJson(random, base, SMALL)) };
  return { base, ops: randomOps(random, base) };
}

function randomArray(random: Random): JsonValue[] {
  return Array.from({ length: random.int(6) }, () => (random.chance(0.2) ? [random.int(3)] : random.int(3)));
}

function pointersOf(value: JsonValue, pointer = ''): string[] {
  if (typeof value !== 'object' || value === null) return [pointer];
  const children = Object.entries(value).flatMap(([key, child]) => pointersOf(child, `${pointer}/${key}`));
  return [pointer, ...children];
}

function randomOps(random: Random, base: Persona): PatchOp[] {
  const ops: PatchOp[] = [];
  let doc: JsonValue = base;
  for (let tries = 0; tries < 12 && ops.length < 4; tries++) {
    const existing = pointersOf(doc).filter((pointer) => pointer !== '');
    const from = random.pick(existing);
    const valueAt = (pointer: string): JsonValue => {
      const found = getAtPointer(doc, pointer);
      return found.found ? found.value : null;
    };
    const parent = random.pick(pointersOf(doc).filter((pointer) => typeof valueAt(pointer) === 'object'));
    const container = valueAt(parent);
    const slot = Array.isArray(container)
      ? random.pick(['-', String(random.int(container.length + 1))])
      : random.pick(['a', 'z']);
    const path = `${parent}/${slot}`;
    const op: PatchOp = random.pick<PatchOp>([
      { op: 'remove', path: from },
      { op: 'replace', path: from, value: random.int(3) },
      { op: 'move', from, path },
      { op: 'copy', from, path },
      { op: 'add', path, value: random.int(3) },
    ]);
    try {
      doc = applyOps(doc, [op]);
      ops.push(op);
    } catch {
      // Not applicable here; try another.
    }
  }
  return ops;
}

/**
 * The oracle, independent of guardOps: every value of the base is boxed and remembered by identity,
 * the ops run on the boxed copy, and a replace, remove or move that hits a box names a base value the
 * patch overwrites. Changing that value on the server must make one of the leading tests fail.
 */
function checkGuardsCatchOverwrites({ base, ops }: Edit): void {
  const guarded = guardOps(base, ops);
  assert.deepEqual(applyOps(base, guarded), applyOps(base, ops), 'the guards pass on the base');
  const guards = guarded.slice(0, guarded.length - ops.length);
  for (const overwritten of overwrittenBasePaths(base, ops)) {
    const server = applyOps(base, [{ op: 'replace', path: overwritten, value: 'changed on the server' }]);
    assert.throws(() => applyOps(server, guards), { message: 'Test operation failed' }, `no guard catches ${overwritten}`);
  }
}

function overwrittenBasePaths(base: Persona, ops: readonly PatchOp[]): string[] {
  const origins = new Map<object, string>();
  const box = (value: JsonValue, pointer: string): JsonValue => {
    const boxed: JsonValue =
      typeof value !== 'object' || value === null
        ? { boxed: value }
        : Array.isArray(value)
          ? value.map((item, i) => box(item, `${pointer}/${i}`))
          : Object.fromEntries(Object.entries(value).map(([key, child]) => [key, box(child, `${pointer}/${key}`)]));
    origins.set(boxed, pointer);
    return boxed;
  };
  let doc = box(base, '');
  const overwritten: string[] = [];
  for (const op of ops) {
    const hit = op.op === 'move' ? op.from! : op.op === 'replace' || op.op === 'remove' ? op.path : undefined;
    const target = hit === undefined ? undefined : getAtPointer(doc, hit);
    const origin = target?.found ? origins.get(target.value as object) : undefined;
    if (origin !== undefined && origin !== '') overwritten.push(origin);
    doc = applyOperation(doc, op as Operation, false, true, false).newDocument;
  }
  return overwritten;
}
