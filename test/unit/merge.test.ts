import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, deepClone, type Operation } from 'fast-json-patch';
import { diffJson, jsonEqual } from '../../src/core/diff';
import { defineMember, isJsonObject, type JsonObject, type JsonValue, type PatchOp, type Persona } from '../../src/core/json';
import { describeOverlap, threeWayMerge, type MergeResult } from '../../src/core/merge';
import { buildPointerIndex, valueAt as lookup } from '../../src/core/pointer';
import { cloneJson, fuzzCases, fuzzSeed, mutateJson, randomJson, randomKey, type Random } from './support/random';

const origin: Persona = {
  persona_id: 'p1234567',
  persona_name: 'Support',
  default_replica_id: 'r1111111',
  system_prompt: 'Be helpful.',
  layers: {
    llm: {
      model: 'tavus-gpt-oss',
      api_key: 'sk-live-123456',
      tools: [
        { type: 'function', function: { name: 'lookup', description: 'Looks up.' } },
        { type: 'function', function: { name: 'book', description: 'Books.' } },
      ],
    },
    tts: { tts_engine: 'cartesia', voice_settings: { speed: 'normal' } },
  },
  updated_at: '2026-02-01T17:45:00Z',
};

/** A copy of the origin with `change` applied. */
function changed(change: (copy: Persona) => void): Persona {
  const copy = cloneJson(origin);
  change(copy);
  return copy;
}

function llm(persona: Persona): JsonObject {
  return (persona.layers as JsonObject).llm as JsonObject;
}

function tools(persona: Persona): JsonObject[] {
  return llm(persona).tools as JsonObject[];
}

function expectMerged(result: MergeResult): Extract<MergeResult, { kind: 'merged' }> {
  assert.equal(result.kind, 'merged', JSON.stringify(result));
  return result;
}

function expectConflict(result: MergeResult): Extract<MergeResult, { kind: 'conflict' }> {
  assert.equal(result.kind, 'conflict', JSON.stringify(result));
  return result;
}

/** `__proto__` paths are allowed: the random documents use such keys on purpose. */
function applied(doc: Persona, ops: readonly PatchOp[]): Persona {
  return applyPatch(deepClone(doc) as Persona, deepClone(ops) as Operation[], true, true, false).newDocument;
}

const tool = { type: 'function', function: { name: 'cancel', description: 'Cancels.' } };
const otherTool = { type: 'function', function: { name: 'refund', description: 'Refunds.' } };

describe('threeWayMerge: hand-written cases', () => {
  it('rebases a same-length edit onto a change of another field', () => {
    const edited = changed((p) => (p.default_replica_id = 'r2222222'));
    const current = changed((p) => {
      llm(p).model = 'tavus-gpt-5.2';
      p.updated_at = '2026-02-02T08:00:00Z';
    });
    const result = expectMerged(threeWayMerge(origin, edited, current));
    assert.deepEqual(result.ops, [{ op: 'replace', path: '/default_replica_id', value: 'r2222222' }]);
    assert.equal(llm(result.merged).model, 'tavus-gpt-5.2');
    assert.equal(result.merged.updated_at, '2026-02-02T08:00:00Z');
  });

  it('names both values when both sides changed one field differently', () => {
    const edited = changed((p) => (llm(p).model = 'tavus-gpt-5.2'));
    const current = changed((p) => (llm(p).model = 'tavus-llama'));
    const { overlaps } = expectConflict(threeWayMerge(origin, edited, current));
    assert.deepEqual(overlaps, [
      { pointer: '/layers/llm/model', yours: 'tavus-gpt-5.2', theirs: 'tavus-llama', origin: 'tavus-gpt-oss' },
    ]);
    assert.equal(describeOverlap(overlaps[0]!), '/layers/llm/model — yours: "tavus-gpt-5.2", Tavus now: "tavus-llama"');
  });

  it('takes a change both sides made identically once', () => {
    const edited = changed((p) => {
      llm(p).model = 'tavus-gpt-5.2';
      p.system_prompt = 'Be brief.';
    });
    const current = changed((p) => (llm(p).model = 'tavus-gpt-5.2'));
    const result = expectMerged(threeWayMerge(origin, edited, current));
    assert.deepEqual(result.ops, [{ op: 'replace', path: '/system_prompt', value: 'Be brief.' }]);
  });

  it('merges a deletion with an edit of a sibling', () => {
    const edited = changed((p) => delete llm(p).api_key);
    const current = changed((p) => (llm(p).model = 'tavus-llama'));
    const result = expectMerged(threeWayMerge(origin, edited, current));
    assert.deepEqual(result.ops, [{ op: 'remove', path: '/layers/llm/api_key' }]);
    assert.equal(llm(result.merged).model, 'tavus-llama');
  });

  it('sees an edit inside an object the other side removed as a conflict', () => {
    const edited = changed((p) => (((p.layers as JsonObject).tts as JsonObject).tts_engine = 'elevenlabs'));
    const current = changed((p) => delete (p.layers as JsonObject).tts);
    const { overlaps } = expectConflict(threeWayMerge(origin, edited, current));
    assert.equal(overlaps.length, 1);
    assert.equal(overlaps[0]!.pointer, '/layers/tts');
    assert.equal(overlaps[0]!.theirs, undefined);
    assert.deepEqual(overlaps[0]!.yours, { tts_engine: 'elevenlabs', voice_settings: { speed: 'normal' } });
    assert.match(
      describeOverlap(overlaps[0]!),
      /^\/layers\/tts — yours: \{"tts_engine":"elevenlabs",.*\}, Tavus now: \(removed\)$/,
    );
  });

  it('puts both appends to /layers/llm/tools in, theirs first', () => {
    const edited = changed((p) => tools(p).push(tool));
    const current = changed((p) => tools(p).push(otherTool));
    const result = expectMerged(threeWayMerge(origin, edited, current));
    assert.deepEqual(tools(result.merged), [...tools(origin), otherTool, tool]);
    assert.deepEqual(result.ops, [{ op: 'add', path: '/layers/llm/tools/3', value: tool }]);
  });

  it('merges edits of different members of one array element', () => {
    const edited = changed((p) => ((tools(p)[0]!.function as JsonObject).name = 'find'));
    const current = changed((p) => ((tools(p)[0]!.function as JsonObject).description = 'Finds.'));
    const result = expectMerged(threeWayMerge(origin, edited, current));
    assert.deepEqual(tools(result.merged)[0]!.function, { name: 'find', description: 'Finds.' });
  });

  it('sees edits of different elements of one array as a conflict at the array, though nothing was inserted or removed', () => {
    const edited = changed((p) => ((tools(p)[0]!.function as JsonObject).name = 'find'));
    const current = changed((p) => ((tools(p)[1]!.function as JsonObject).description = 'Reserves.'));
    const { overlaps } = expectConflict(threeWayMerge(origin, edited, current));
    assert.deepEqual(overlaps, [
      { pointer: '/layers/llm/tools', yours: tools(edited), theirs: tools(current), origin: tools(origin) },
    ]);
  });

  it('sees a conflict when one side also edits an element the other left alone', () => {
    const edited = changed((p) => {
      (tools(p)[0]!.function as JsonObject).name = 'find';
      (tools(p)[1]!.function as JsonObject).name = 'reserve';
    });
    const current = changed((p) => ((tools(p)[0]!.function as JsonObject).description = 'Finds.'));
    assert.deepEqual(
      expectConflict(threeWayMerge(origin, edited, current)).overlaps.map((o) => o.pointer),
      ['/layers/llm/tools'],
    );
  });

  it('sees edits of different elements of an array of strings as a conflict', () => {
    const base = { persona_id: 'p1', tags: ['a', 'b', 'c'] } as Persona;
    const result = threeWayMerge(base, { ...base, tags: ['x', 'b', 'c'] }, { ...base, tags: ['a', 'b', 'y'] });
    assert.deepEqual(
      expectConflict(result).overlaps.map((o) => o.pointer),
      ['/tags'],
    );
  });

  it('names the member when both sides changed one member of one element differently', () => {
    const edited = changed((p) => ((tools(p)[1]!.function as JsonObject).name = 'reserve'));
    const current = changed((p) => ((tools(p)[1]!.function as JsonObject).name = 'schedule'));
    assert.deepEqual(expectConflict(threeWayMerge(origin, edited, current)).overlaps, [
      { pointer: '/layers/llm/tools/1/function/name', yours: 'reserve', theirs: 'schedule', origin: 'book' },
    ]);
  });

  it('sees an append against an element edit in one array as a conflict', () => {
    const edited = changed((p) => tools(p).push(tool));
    const current = changed((p) => ((tools(p)[1]!.function as JsonObject).name = 'reserve'));
    const { overlaps } = expectConflict(threeWayMerge(origin, edited, current));
    assert.deepEqual(
      overlaps.map((o) => o.pointer),
      ['/layers/llm/tools'],
    );
  });

  it('sees an insertion against an element edit in one array as a conflict', () => {
    const edited = changed((p) => tools(p).unshift(tool));
    const current = changed((p) => ((tools(p)[0]!.function as JsonObject).name = 'find'));
    expectConflict(threeWayMerge(origin, edited, current));
  });

  it('sees both sides adding one member with different values as a conflict', () => {
    const edited = changed((p) => (p.greeting = 'Hi'));
    const current = changed((p) => (p.greeting = 'Hello'));
    const { overlaps } = expectConflict(threeWayMerge(origin, edited, current));
    assert.deepEqual(overlaps, [{ pointer: '/greeting', yours: 'Hi', theirs: 'Hello', origin: undefined }]);
  });

  it('lists every overlap', () => {
    const edited = changed((p) => {
      p.persona_name = 'A';
      p.system_prompt = 'A';
    });
    const current = changed((p) => {
      p.persona_name = 'B';
      p.system_prompt = 'B';
    });
    assert.deepEqual(
      expectConflict(threeWayMerge(origin, edited, current)).overlaps.map((o) => o.pointer),
      ['/persona_name', '/system_prompt'],
    );
  });

  it('gives exactly the edited copy when Tavus did not change, and Tavus’s when nothing was edited', () => {
    const edited = changed((p) => (p.persona_name = 'Renamed'));
    assert.deepEqual(expectMerged(threeWayMerge(origin, edited, cloneJson(origin))).merged, edited);
    const result = expectMerged(threeWayMerge(origin, cloneJson(origin), edited));
    assert.deepEqual(result.merged, edited);
    assert.deepEqual(result.ops, []);
  });

  it('changes none of its inputs', () => {
    const edited = changed((p) => tools(p).push(tool));
    const current = changed((p) => tools(p).push(otherTool));
    const copies = [cloneJson(origin), cloneJson(edited), cloneJson(current)];
    threeWayMerge(origin, edited, current);
    assert.deepEqual([origin, edited, current], copies);
  });

  it('treats a set `__proto__` member as a change of its whole object, as diffJson does', () => {
    const withProto = JSON.parse('{"a":{"__proto__":{"x":1},"y":1}}') as Persona;
    const edited = JSON.parse('{"a":{"__proto__":2,"y":1}}') as Persona;
    const current = JSON.parse('{"a":{"__proto__":{"x":1},"y":2}}') as Persona;
    assert.deepEqual(
      expectConflict(threeWayMerge(withProto, edited, current)).overlaps.map((o) => o.pointer),
      ['/a'],
    );
  });
});

describe('describeOverlap', () => {
  it('clips long values and redacts secrets', () => {
    const line = describeOverlap({ pointer: '/system_prompt', yours: 'x'.repeat(500), theirs: 'short', origin: '' });
    assert.ok(line.length < 200, line);
    assert.match(line, /^\/system_prompt — yours: "x+…, Tavus now: "short"$/);
    const secret = describeOverlap({
      pointer: '/layers/llm/api_key',
      yours: 'sk-live-1',
      theirs: 'sk-live-2',
      origin: 'sk-live-0',
    });
    assert.doesNotMatch(secret, /sk-live/);
  });

  it('names the whole persona for the root pointer', () => {
    assert.match(describeOverlap({ pointer: '', yours: {}, theirs: { a: 1 }, origin: undefined }), /^\(the whole persona\) — /);
  });
});

// ---- Seeded properties over random (origin, ours, theirs) triples.

function same(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && jsonEqual(a, b));
}

/** `pointer` itself and each pointer above it, longest first. */
function pointerAndAncestors(pointer: string): string[] {
  const found = [pointer];
  for (let end = pointer.lastIndexOf('/'); end > 0; end = pointer.lastIndexOf('/', end - 1)) found.push(pointer.slice(0, end));
  if (pointer !== '') found.push('');
  return found;
}

function overlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

function appendsTo(base: JsonValue | undefined, changedArray: JsonValue | undefined): boolean {
  return (
    Array.isArray(base) &&
    Array.isArray(changedArray) &&
    changedArray.length > base.length &&
    base.every((element, index) => jsonEqual(element, changedArray[index]!))
  );
}

interface Triple {
  origin: Persona;
  edited: Persona;
  current: Persona;
}

/** The array (if any) holding `pointer` that both sides only appended to, not the same. */
function bothAppendedArray(triple: Triple, pointer: string): string | undefined {
  return pointerAndAncestors(pointer)
    .slice(1)
    .find((array) => {
      const [before, mine, theirs] = [triple.origin, triple.edited, triple.current].map((doc) => lookup(doc, array));
      return appendsTo(before, mine) && appendsTo(before, theirs) && !same(mine, theirs);
    });
}

function randomPersona(random: Random): Persona {
  const persona: Persona = {
    persona_id: 'p1',
    layers: { llm: { model: 'm', tools: [{ name: 'a' }, { name: 'b', description: 'x' }] }, tts: { engine: 'c' } },
  };
  for (let count = random.int(8); count > 0; count--) defineMember(persona, randomKey(random), randomJson(random, 3));
  return persona;
}

/** Appends to one of the document's arrays, so that both sides appending to one array comes up often. */
function appendSomewhere(random: Random, doc: Persona): Persona {
  const copy = cloneJson(doc);
  const arrays = buildPointerIndex(copy).entries.filter((entry) => entry.type === 'array');
  if (arrays.length === 0) return copy;
  const array = lookup(copy, random.pick(arrays).pointer) as JsonValue[];
  for (let count = 1 + random.int(2); count > 0; count--) array.push(randomJson(random, 2));
  return copy;
}

/** Sets a member of one object element of one of the document's arrays, so that both sides editing elements in place comes up often. */
function editAnElement(random: Random, doc: Persona): Persona {
  const copy = cloneJson(doc);
  const elements = buildPointerIndex(copy).entries.filter(
    (entry) => entry.type === 'object' && Array.isArray(lookup(copy, entry.pointer.slice(0, entry.pointer.lastIndexOf('/')))),
  );
  if (elements.length === 0) return copy;
  defineMember(lookup(copy, random.pick(elements).pointer) as JsonObject, randomKey(random), randomJson(random, 2));
  return copy;
}

function changeOf(random: Random, doc: Persona): Persona {
  const roll = random.int(10);
  if (roll < 2) return appendSomewhere(random, doc);
  if (roll < 4) return editAnElement(random, doc);
  const mutated = mutateJson(random, doc);
  return isJsonObject(mutated) ? mutated : { ...doc, replaced: mutated };
}

function randomTriple(random: Random): Triple {
  const origin = randomPersona(random);
  const edited = changeOf(random, origin);
  const roll = random.int(10);
  const current = roll === 0 ? cloneJson(edited) : roll === 1 ? changeOf(random, edited) : changeOf(random, origin);
  return { origin, edited, current };
}

function changedPointers(from: Persona, to: Persona): string[] {
  return diffJson(from, to).map((op) => op.path);
}

/** Every pointer changed by one side that lies on one changed by the other, unless both left the same value there. */
function realOverlaps(triple: Triple, ours: string[], theirs: string[]): string[] {
  const found: string[] = [];
  for (const mine of ours) {
    for (const other of theirs) {
      if (!overlap(mine, other)) continue;
      const shorter = mine.length <= other.length ? mine : other;
      if (same(lookup(triple.edited, shorter), lookup(triple.current, shorter))) continue;
      if (bothAppendedArray(triple, shorter) !== undefined) continue;
      found.push(shorter);
    }
  }
  return found;
}

/** Indexes of the elements `changed` holds differently from `base`, of two arrays of one length. */
function changedElements(base: JsonValue[], changed: JsonValue[]): number[] {
  return base.flatMap((element, index) => (jsonEqual(element, changed[index]!) ? [] : [index]));
}

/**
 * The rule for one array both sides changed something inside: a conflict unless both only
 * appended, or both changed the same elements (same length, nothing moved), each an object on all sides.
 */
function arrayChangesMayMerge(triple: Triple, array: string): boolean {
  const [before, mine, theirs] = [triple.origin, triple.edited, triple.current].map(
    (doc) => lookup(doc, array) as JsonValue[],
  ) as [JsonValue[], JsonValue[], JsonValue[]];
  if (appendsTo(before, mine) && appendsTo(before, theirs)) return true;
  if (mine.length !== before.length || theirs.length !== before.length) return false;
  const touched = changedElements(before, mine);
  return (
    jsonEqual(touched, changedElements(before, theirs)) &&
    touched.every((index) => [before, mine, theirs].every((side) => isJsonObject(side[index])))
  );
}

/** Arrays (on all three sides) that each side changed something inside of, ending up different. */
function arraysChangedByBoth(triple: Triple, ours: string[], theirs: string[]): string[] {
  const inside = (pointers: string[]) => new Set(pointers.flatMap((pointer) => pointerAndAncestors(pointer).slice(1)));
  const theirArrays = inside(theirs);
  return [...inside(ours)].filter(
    (array) =>
      theirArrays.has(array) &&
      [triple.origin, triple.edited, triple.current].every((doc) => Array.isArray(lookup(doc, array))) &&
      !same(lookup(triple.edited, array), lookup(triple.current, array)),
  );
}

/** Each pointer a side changed shows that side's value in the merge; in arrays both appended to, the appends follow each other. */
function assertEffectsKept(triple: Triple, merged: Persona, pointers: string[], side: Persona, name: string): void {
  for (const pointer of pointers) {
    const array = bothAppendedArray(triple, pointer);
    if (array === undefined) {
      assert.ok(same(lookup(merged, pointer), lookup(side, pointer)), `${name}'s change at ${pointer} is lost`);
      continue;
    }
    const originLength = (lookup(triple.origin, array) as JsonValue[]).length;
    const expected = [
      ...(lookup(triple.current, array) as JsonValue[]),
      ...(lookup(triple.edited, array) as JsonValue[]).slice(originLength),
    ];
    assert.deepEqual(lookup(merged, array), expected, `appends to ${array}`);
  }
}

/** Every change from origin to merge lies on a pointer one side changed, or in an array one side changed. */
function assertNothingElseChanged(triple: Triple, merged: Persona, changedBySides: string[]): void {
  for (const pointer of changedPointers(triple.origin, merged)) {
    const explained = pointerAndAncestors(pointer).some(
      (candidate) =>
        changedBySides.some((side) => overlap(candidate, side)) &&
        (candidate === pointer || Array.isArray(lookup(triple.origin, candidate))),
    );
    assert.ok(explained, `${pointer} changed, but neither side changed it`);
  }
}

describe('threeWayMerge: seeded properties', () => {
  it('keeps both changes when they do not overlap, detects every overlap, and changes nothing else', async () => {
    const kinds = { merged: 0, conflict: 0, arraysMerged: 0, arraysInConflict: 0 };
    await fuzzCases(fuzzSeed(9_0401), 5_000, randomTriple, (triple) => {
      const ours = changedPointers(triple.origin, triple.edited);
      const theirs = changedPointers(triple.origin, triple.current);
      const result = threeWayMerge(triple.origin, triple.edited, triple.current);
      kinds[result.kind]++;
      const overlapping = realOverlaps(triple, ours, theirs);
      const sharedArrays = arraysChangedByBoth(triple, ours, theirs);
      const arrayConflicts = sharedArrays.filter((array) => !arrayChangesMayMerge(triple, array));
      if (arrayConflicts.length > 0) kinds.arraysInConflict++;
      else if (sharedArrays.length > 0 && overlapping.length === 0) kinds.arraysMerged++;
      if (arrayConflicts.length > 0) assert.equal(result.kind, 'conflict', `both sides changed ${arrayConflicts[0]}`);
      if (result.kind === 'conflict') {
        assert.ok(result.overlaps.length > 0);
        for (const found of result.overlaps) {
          assert.ok(same(found.yours, lookup(triple.edited, found.pointer)), `yours at ${found.pointer}`);
          assert.ok(same(found.theirs, lookup(triple.current, found.pointer)), `theirs at ${found.pointer}`);
          assert.ok(same(found.origin, lookup(triple.origin, found.pointer)), `origin at ${found.pointer}`);
        }
        return;
      }
      assert.deepEqual(overlapping, [], 'an overlap went undetected');
      assert.deepEqual(applied(triple.current, result.ops), result.merged, 'ops turn the current copy into the merge');
      assertEffectsKept(triple, result.merged, ours, triple.edited, 'ours');
      assertEffectsKept(triple, result.merged, theirs, triple.current, 'theirs');
      assertNothingElseChanged(triple, result.merged, [...ours, ...theirs]);
    });
    // Both outcomes must be common, or the properties above would hold vacuously.
    assert.ok(kinds.merged > 1_000 && kinds.conflict > 1_000, JSON.stringify(kinds));
    assert.ok(kinds.arraysMerged > 100 && kinds.arraysInConflict > 100, JSON.stringify(kinds));
  });

  it('gives exactly the edited copy when Tavus did not change it, and Tavus’s copy when nothing was edited', async () => {
    await fuzzCases(fuzzSeed(9_0402), 5_000, randomTriple, ({ origin: base, edited }) => {
      const rebased = expectMerged(threeWayMerge(base, edited, cloneJson(base)));
      assert.deepEqual(rebased.merged, edited);
      assert.deepEqual(rebased.ops, diffJson(base, edited));
      const untouched = expectMerged(threeWayMerge(base, cloneJson(base), edited));
      assert.deepEqual(untouched.merged, edited);
      assert.deepEqual(untouched.ops, []);
    });
  });
});
