import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, deepClone } from 'fast-json-patch';
import { diffJson, jsonEqual, MAX_NESTING_DEPTH } from '../../src/core/diff';
import { type JsonObject, type JsonValue, type PatchOp } from '../../src/core/json';
import { cloneJson, mutateJson, Random, randomJson } from './support/random';
import { bigPersonaText } from './support/bigPersona';

/** Applies with fast-json-patch, validating each op; `__proto__` paths are allowed because tests use such keys on purpose. */
function applyOps(base: JsonValue, ops: PatchOp[]): JsonValue {
  return applyPatch(deepClone(base), deepClone(ops), true, true, false).newDocument as JsonValue;
}

function assertExact(base: JsonValue, edited: JsonValue, context = ''): PatchOp[] {
  const ops = diffJson(base, edited);
  assert.deepStrictEqual(applyOps(base, ops), edited, `${context}\nops: ${JSON.stringify(ops)}`);
  return ops;
}

function parse(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

describe('jsonEqual', () => {
  it('compares structure, not member order or identity', () => {
    assert.equal(jsonEqual(parse('{"a":[1,{"b":null}],"c":"x"}'), parse('{"c":"x","a":[1,{"b":null}]}')), true);
    assert.equal(jsonEqual([1, 2], [2, 1]), false);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, b: 2 }), false);
    assert.equal(jsonEqual({ a: 1, b: 2 }, { a: 1, c: 2 }), false);
    assert.equal(jsonEqual([], {}), false);
    assert.equal(jsonEqual(null, {}), false);
    assert.equal(jsonEqual('1', 1), false);
    assert.equal(jsonEqual(0, -0), true);
  });
  it('sees only own members', () => {
    assert.equal(jsonEqual(parse('{"__proto__":{}}'), parse('{"x":{}}')), false);
    assert.equal(jsonEqual(parse('{"toString":1}'), parse('{"y":1}')), false);
    assert.equal(jsonEqual(parse('{"__proto__":{"a":1}}'), parse('{"__proto__":{"a":1}}')), true);
  });
});

describe('diffJson: hand-written cases', () => {
  it('returns no ops for equal documents', () => {
    const doc = parse('{"a":[1,{"b":[[]]}],"c":null,"__proto__":{"d":"é"}}');
    assert.deepEqual(diffJson(doc, cloneJson(doc)), []);
    assert.deepEqual(diffJson(null, null), []);
    assert.deepEqual(diffJson('x', 'x'), []);
  });

  it('removes, adds and replaces object members', () => {
    const ops = assertExact({ keep: 1, drop: 2, change: 'a' }, { keep: 1, change: 'b', add: null });
    assert.deepEqual(ops, [
      { op: 'remove', path: '/drop' },
      { op: 'replace', path: '/change', value: 'b' },
      { op: 'add', path: '/add', value: null },
    ]);
  });

  it('escapes keys containing / and ~', () => {
    const ops = assertExact(parse('{"a/b":{"~":1},"m~n":1,"":0}'), parse('{"a/b":{"~":2},"m~n":2,"":1,"/":3}'));
    assert.deepEqual(
      ops.map((op) => op.path),
      ['/a~1b/~0', '/m~0n', '/', '/~1'],
    );
  });

  it('treats constructor, toString and hasOwnProperty as ordinary keys', () => {
    assertExact(parse('{"constructor":1}'), parse('{"constructor":2,"toString":"x","hasOwnProperty":null}'));
    assertExact(parse('{"toString":{"a":1},"constructor":{"prototype":1}}'), parse('{"toString":{"a":2}}'));
    assertExact({}, parse('{"valueOf":[1]}'));
  });

  it('handles __proto__ members exactly without touching any prototype', () => {
    const cases: [string, string][] = [
      ['{}', '{"__proto__":{"polluted":1}}'],
      ['{"__proto__":{"a":1}}', '{"__proto__":{"a":2,"polluted":true}}'],
      ['{"__proto__":{"a":1}}', '{}'],
      ['{"__proto__":{"a":1}}', '{"__proto__":[1]}'],
      ['{"__proto__":1,"x":1}', '{"__proto__":2,"x":2}'],
      ['{"k":{"__proto__":{"__proto__":1}}}', '{"k":{"__proto__":{"__proto__":2}}}'],
      ['[{"__proto__":null}]', '[{"__proto__":{"polluted":1}}]'],
    ];
    for (const [base, edited] of cases) {
      const ops = assertExact(parse(base), parse(edited), `${base} → ${edited}`);
      for (const op of ops) {
        assert.ok(op.op === 'remove' || !op.path.endsWith('/__proto__'), `sets __proto__ directly: ${JSON.stringify(op)}`);
      }
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('keeps ops inside an unchanged-type __proto__ member minimal', () => {
    assert.deepEqual(diffJson(parse('{"__proto__":{"a":1,"b":1}}'), parse('{"__proto__":{"a":2,"b":1}}')), [
      { op: 'replace', path: '/__proto__/a', value: 2 },
    ]);
  });

  it('replaces on type changes, at the root too', () => {
    const cases: [JsonValue, JsonValue][] = [
      [{ a: { b: 1 } }, { a: [1] }],
      [{ a: [1] }, { a: { 0: 1 } }],
      [{ a: [] }, { a: 'x' }],
      [{ a: null }, { a: {} }],
      [{ a: 1 }, { a: '1' }],
      [{ a: true }, { a: 1 }],
      [{ a: 1 }, [1]],
      [[1], 'x'],
      [null, { a: 1 }],
      ['x', null],
    ];
    for (const [base, edited] of cases) {
      const ops = assertExact(base, edited);
      assert.equal(ops.length, 1);
      assert.equal(ops[0]!.op, 'replace');
    }
  });

  it('keeps null values as values', () => {
    assert.deepEqual(assertExact({ a: 1 }, { a: null }), [{ op: 'replace', path: '/a', value: null }]);
    assert.deepEqual(assertExact({ a: null }, { a: null, b: null }), [{ op: 'add', path: '/b', value: null }]);
    assertExact([null, null], [null]);
  });

  it('handles nested arrays and unicode', () => {
    assertExact([[1, [2, 3]], [4]], [[1, [2, 3, 3.5]], [], [4]]);
    assertExact({ ключ: ['😀', 'é'] }, { ключ: ['é', '😀'], '😀': 'ключ' });
  });

  it('treats 0 and -0 as equal', () => {
    assert.deepEqual(diffJson({ a: 0 }, { a: -0 }), []);
  });

  it('diffs one changed leaf in an array element as one replace at its path', () => {
    const tools = Array.from({ length: 12 }, (_, i) => ({ type: 'function', function: { name: `t${i}`, description: `d${i}` } }));
    const base = { layers: { llm: { tools } } };
    const edited = cloneJson(base);
    edited.layers.llm.tools[7]!.function.description = 'changed';
    assert.deepEqual(assertExact(base, edited), [
      { op: 'replace', path: '/layers/llm/tools/7/function/description', value: 'changed' },
    ]);
  });

  it('inserts and removes single array elements with one op', () => {
    assert.deepEqual(assertExact([1, 2, 3], [0, 1, 2, 3]), [{ op: 'add', path: '/0', value: 0 }]);
    assert.deepEqual(assertExact([1, 2, 3], [1, 2, 9, 3]), [{ op: 'add', path: '/2', value: 9 }]);
    assert.deepEqual(assertExact([1, 2, 3], [1, 2, 3, 4]), [{ op: 'add', path: '/3', value: 4 }]);
    assert.deepEqual(assertExact([1, 2, 3], [2, 3]), [{ op: 'remove', path: '/0' }]);
    assert.deepEqual(assertExact([1, 2, 3], [1, 3]), [{ op: 'remove', path: '/1' }]);
    assert.deepEqual(assertExact([{ a: 1 }, { b: 2 }], [{ a: 1 }, { c: 3 }, { b: 2 }]), [
      { op: 'add', path: '/1', value: { c: 3 } },
    ]);
  });

  it('moves an element with at most two ops', () => {
    assert.ok(assertExact([1, 2, 3, 4, 5], [2, 3, 4, 5, 1]).length <= 2);
    assert.ok(assertExact([1, 2, 3, 4, 5], [5, 1, 2, 3, 4]).length <= 2);
    assert.ok(assertExact([1, 2, 3, 4, 5], [1, 4, 2, 3, 5]).length <= 2);
  });

  it('removes several elements highest index first', () => {
    assert.deepEqual(assertExact(['a', 'b', 'c', 'd'], ['a', 'd']), [
      { op: 'remove', path: '/2' },
      { op: 'remove', path: '/1' },
    ]);
  });

  it('combines inserts, removals and in-place changes in one array', () => {
    assertExact([1, { a: 1 }, 2, 3, { b: [1] }, 4], [0, { a: 2 }, 2, { b: [1, 2] }, 4, 5]);
  });

  it('falls back to index-by-index on huge, mostly different arrays, still exactly', () => {
    const random = new Random(7);
    const base = Array.from({ length: 20_000 }, () => random.int(1000));
    const edited = Array.from({ length: 19_000 }, () => random.int(1000));
    const start = Date.now();
    assertExact(base, edited);
    assert.ok(Date.now() - start < 5000);
  });

  /** Objects and arrays alternately, `levels` deep around `leaf`. */
  function nested(levels: number, leaf: JsonValue): JsonValue {
    let value = leaf;
    for (let i = 0; i < levels; i++) {
      value = i % 2 ? [value] : { a: value };
    }
    return value;
  }

  it('refuses documents nested too deeply with a clear error, not a RangeError', () => {
    const deep = nested(10_000, 1);
    assert.throws(() => diffJson(deep, nested(10_000, 2)), /^Error: Document nested too deeply \(more than \d+ levels\)$/);
    assert.throws(() => diffJson(deep, nested(10_000, 1)), /Document nested too deeply/);
    assert.throws(() => jsonEqual([deep], [nested(10_000, 1)]), /Document nested too deeply/);
  });

  it('diffs documents right up to the nesting limit', () => {
    assert.equal(assertExact(nested(MAX_NESTING_DEPTH, 1), nested(MAX_NESTING_DEPTH, 2)).length, 1);
    assert.throws(() => diffJson(nested(MAX_NESTING_DEPTH + 1, 1), nested(MAX_NESTING_DEPTH + 1, 2)), /nested too deeply/);
  });

  it('leaves its inputs untouched', () => {
    const base = parse('{"a":[1,2,{"b":3}],"c":{"d":null}}');
    const edited = parse('{"a":[2,{"b":4}],"e":1}');
    const [baseText, editedText] = [JSON.stringify(base), JSON.stringify(edited)];
    diffJson(base, edited);
    assert.equal(JSON.stringify(base), baseText);
    assert.equal(JSON.stringify(edited), editedText);
  });
});

describe('diffJson: exhaustive small integer arrays', () => {
  const arrays: number[][] = [[]];
  for (let length = 1; length <= 4; length++) {
    for (const previous of arrays.filter((array) => array.length === length - 1)) {
      arrays.push(...[0, 1, 2].map((digit) => [...previous, digit]));
    }
  }

  function editDistance(a: number[], b: number[]): number {
    const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        lcs[i]![j] = a[i - 1] === b[j - 1] ? lcs[i - 1]![j - 1]! + 1 : Math.max(lcs[i - 1]![j]!, lcs[i]![j - 1]!);
      }
    }
    return a.length + b.length - 2 * lcs[a.length]![b.length]!;
  }

  it(`is exact and no longer than the shortest edit script for all ${arrays.length ** 2} pairs`, () => {
    for (const a of arrays) {
      for (const b of arrays) {
        const ops = diffJson(a, b);
        assert.deepStrictEqual(applyOps(a, ops), b, `${JSON.stringify(a)} → ${JSON.stringify(b)}: ${JSON.stringify(ops)}`);
        assert.ok(ops.length <= editDistance(a, b), `${JSON.stringify(a)} → ${JSON.stringify(b)}: ${JSON.stringify(ops)}`);
      }
    }
  });
});

describe('diffJson: seeded random documents', () => {
  it('reproduces the edited document exactly for 3,000 random pairs', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const random = new Random(seed);
      const base = randomJson(random, 4);
      assertExact(base, mutateJson(random, base), `seed ${seed}`);
    }
  });

  it('returns no ops for a document and its copy', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const base = randomJson(new Random(seed), 4);
      assert.deepEqual(diffJson(base, cloneJson(base)), [], `seed ${seed}`);
    }
  });

  it('turns one array insert or removal anywhere into exactly one op', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const random = new Random(seed);
      const base = Array.from({ length: 1 + random.int(8) }, () => randomJson(random, 2));
      const edited = cloneJson(base);
      if (seed % 2) {
        edited.splice(random.int(base.length + 1), 0, randomJson(random, 2));
      } else {
        edited.splice(random.int(base.length), 1);
      }
      assert.equal(assertExact({ list: base }, { list: edited }, `seed ${seed}`).length, 1, `seed ${seed}`);
    }
  });

  it('turns one element move into at most two ops', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const random = new Random(seed);
      const base = Array.from({ length: 2 + random.int(8) }, () => randomJson(random, 2));
      const edited = cloneJson(base);
      const [moved] = edited.splice(random.int(edited.length), 1);
      assert.ok(moved !== undefined);
      edited.splice(random.int(edited.length + 1), 0, moved);
      assert.ok(assertExact(base, edited, `seed ${seed}`).length <= 2, `seed ${seed}`);
    }
  });

  it('never pollutes Object.prototype', () => {
    assert.deepEqual(Object.keys(Object.prototype), []);
    assert.equal(({} as JsonObject).polluted, undefined);
  });
});

describe('diffJson: a 50,000-node persona', () => {
  const text = bigPersonaText();
  const base = parse(text) as JsonObject;
  const edited = parse(text) as JsonObject;
  const llm = (edited.layers as JsonObject).llm as JsonObject;
  const tools = llm.tools as JsonObject[];
  for (const index of [7, 300, 901, 1500, 2399]) {
    (tools[index]!.function as JsonObject).description = `changed ${index}`;
  }
  edited.system_prompt = 'Be brief.';
  edited.persona_name = 'Bigger';
  llm.model = 'tavus-gpt-oss';
  delete llm.api_key;
  (edited.layers as JsonObject).stt = { stt_engine: 'tavus-auto' };
  tools.unshift({ type: 'function', function: { name: 'first', description: 'new', parameters: {} } });

  it('gives one op per change', () => {
    const ops = assertExact(base, edited);
    assert.equal(ops.length, 11);
    assert.deepEqual(ops.find((op) => op.op === 'add' && op.path === '/layers/llm/tools/0')?.value, tools[0]);
    assert.ok(ops.some((op) => op.path === '/layers/llm/tools/8/function/description'));
  });
});
