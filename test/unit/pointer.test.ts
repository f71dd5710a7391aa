import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildPointerIndex, escapeSegment, getAtPointer, parsePointer, toPointer, unescapeSegment } from '../../src/core/pointer';
import { type JsonValue } from '../../src/core/json';
import { bigPersonaText } from './support/bigPersona';

describe('escapeSegment / unescapeSegment', () => {
  it('follows RFC 6901', () => {
    assert.equal(escapeSegment('a/b~c'), 'a~1b~0c');
    assert.equal(escapeSegment('~1'), '~01');
    assert.equal(unescapeSegment('a~1b~0c'), 'a/b~c');
    assert.equal(unescapeSegment('~01'), '~1');
    assert.equal(unescapeSegment(''), '');
  });
  it('round-trips awkward segments', () => {
    for (const segment of ['', '~', '/', '~0', '~1', '//~~', 'ünï😀', ' ', '__proto__']) {
      assert.equal(unescapeSegment(escapeSegment(segment)), segment);
    }
  });
  it('rejects a bad ~ escape', () => {
    assert.throws(() => unescapeSegment('a~2'), /"~" must be followed by 0 or 1/);
    assert.throws(() => unescapeSegment('a~'), /"~" must be followed by 0 or 1/);
  });
});

describe('toPointer / parsePointer', () => {
  it('maps the whole document to the empty pointer', () => {
    assert.equal(toPointer([]), '');
    assert.deepEqual(parsePointer(''), []);
  });
  it('keeps empty segments', () => {
    assert.deepEqual(parsePointer('/'), ['']);
    assert.deepEqual(parsePointer('/a//b/'), ['a', '', 'b', '']);
    assert.equal(toPointer(['']), '/');
  });
  it('round-trips segments', () => {
    const segments = ['layers', 'llm', 'headers', 'x/api~key', '0'];
    assert.equal(toPointer(segments), '/layers/llm/headers/x~1api~0key/0');
    assert.deepEqual(parsePointer(toPointer(segments)), segments);
  });
  it('throws a clear error on an invalid pointer', () => {
    assert.throws(() => parsePointer('layers/llm'), /Invalid JSON pointer "layers\/llm": it must be empty or start with "\/"/);
    assert.throws(() => parsePointer('#/layers'), /Invalid JSON pointer/);
    assert.throws(() => parsePointer('/a~3'), /Invalid JSON pointer "\/a~3": .*"~" must be followed by 0 or 1/);
  });
});

describe('getAtPointer', () => {
  const doc = JSON.parse('{"a":{"b/c":[10,{"d~e":null}]},"":"empty key","__proto__":{"x":1},"n":0,"f":false}') as JsonValue;

  it('finds values, including falsy ones and escaped keys', () => {
    assert.deepEqual(getAtPointer(doc, ''), { found: true, value: doc });
    assert.deepEqual(getAtPointer(doc, '/a/b~1c/0'), { found: true, value: 10 });
    assert.deepEqual(getAtPointer(doc, '/a/b~1c/1/d~0e'), { found: true, value: null });
    assert.deepEqual(getAtPointer(doc, '/'), { found: true, value: 'empty key' });
    assert.deepEqual(getAtPointer(doc, '/n'), { found: true, value: 0 });
    assert.deepEqual(getAtPointer(doc, '/f'), { found: true, value: false });
    assert.deepEqual(getAtPointer(doc, '/__proto__/x'), { found: true, value: 1 });
  });
  it('sees only own members', () => {
    for (const pointer of ['/toString', '/constructor', '/a/hasOwnProperty', '/a/b~1c/length', '/a/b~1c/map']) {
      assert.deepEqual(getAtPointer(doc, pointer), { found: false });
    }
  });
  it('reports missing members and bad indices as not found', () => {
    for (const pointer of [
      '/missing',
      '/a/b~1c/2',
      '/a/b~1c/-',
      '/a/b~1c/01',
      '/a/b~1c/-1',
      '/a/b~1c/1.0',
      '/n/x',
      '/a/b~1c/0/x',
    ]) {
      assert.deepEqual(getAtPointer(doc, pointer), { found: false });
    }
  });
  it('throws on a malformed pointer', () => {
    assert.throws(() => getAtPointer(doc, 'a'), /Invalid JSON pointer/);
  });
});

describe('buildPointerIndex', () => {
  const persona = {
    persona_name: 'Onboarding Guide',
    system_prompt: 'x'.repeat(100),
    document_ids: ['d1', 'd2'],
    layers: { llm: { model: 'tavus-gpt-oss', extra_body: { temperature: 0.4 } }, 'a/b': {}, tts: [] },
    context: null,
    flag: true,
  };
  const index = buildPointerIndex(persona);

  it('lists every pointer in document order', () => {
    assert.deepEqual(
      index.entries.map((entry) => entry.pointer),
      [
        '',
        '/persona_name',
        '/system_prompt',
        '/document_ids',
        '/document_ids/0',
        '/document_ids/1',
        '/layers',
        '/layers/llm',
        '/layers/llm/model',
        '/layers/llm/extra_body',
        '/layers/llm/extra_body/temperature',
        '/layers/a~1b',
        '/layers/tts',
        '/context',
        '/flag',
      ],
    );
  });
  it('records type, preview, key, parent and depth', () => {
    const describeEntry = (pointer: string) => {
      const entry = index.lookup(pointer);
      return entry && [entry.type, entry.preview, entry.key, entry.parent?.pointer, entry.depth];
    };
    assert.deepEqual(describeEntry(''), ['object', '{…} 6 keys', undefined, undefined, 0]);
    assert.deepEqual(describeEntry('/persona_name'), ['string', '"Onboarding Guide"', 'persona_name', '', 1]);
    assert.deepEqual(describeEntry('/document_ids'), ['array', '[…] 2 items', 'document_ids', '', 1]);
    assert.deepEqual(describeEntry('/layers/llm/extra_body'), ['object', '{…} 1 key', 'extra_body', '/layers/llm', 3]);
    assert.deepEqual(describeEntry('/layers/llm/extra_body/temperature'), [
      'number',
      '0.4',
      'temperature',
      '/layers/llm/extra_body',
      4,
    ]);
    assert.deepEqual(describeEntry('/layers/a~1b'), ['object', '{}', 'a/b', '/layers', 2]);
    assert.deepEqual(describeEntry('/layers/tts'), ['array', '[]', 'tts', '/layers', 2]);
    assert.deepEqual(describeEntry('/context'), ['null', 'null', 'context', '', 1]);
    assert.deepEqual(describeEntry('/flag'), ['boolean', 'true', 'flag', '', 1]);
  });
  it('truncates long strings to one short line', () => {
    const preview = buildPointerIndex({ s: `line one\nline two ${'y'.repeat(200)}` }).lookup('/s')?.preview ?? '';
    assert.ok(preview.length <= 66, preview);
    assert.ok(!preview.includes('\n'));
    assert.ok(preview.endsWith('…"'));
    assert.equal(buildPointerIndex({ s: `${'a'.repeat(58)}😀😀` }).lookup('/s')?.preview, `"${'a'.repeat(58)}…"`);
  });
  it('lists children', () => {
    assert.deepEqual(
      index.childrenOf('/layers').map((entry) => entry.key),
      ['llm', 'a/b', 'tts'],
    );
    assert.deepEqual(
      index.childrenOf('/document_ids').map((entry) => entry.value),
      ['d1', 'd2'],
    );
    assert.deepEqual(index.childrenOf('/persona_name'), []);
    assert.deepEqual(index.childrenOf('/nowhere'), []);
  });
  it('looks up only what exists, and tolerates malformed pointers', () => {
    for (const pointer of ['/nope', '/document_ids/2', '/document_ids/01', '/layers/a/b', 'layers', '/a~2', '/toString']) {
      assert.equal(index.lookup(pointer), undefined, pointer);
    }
  });
  it('finds entries by pointer prefix, subtrees included', () => {
    assert.deepEqual(
      index.withPrefix('/layers/ll').map((entry) => entry.pointer),
      ['/layers/llm', '/layers/llm/model', '/layers/llm/extra_body', '/layers/llm/extra_body/temperature'],
    );
    assert.deepEqual(
      index.withPrefix('/layers/a~').map((entry) => entry.pointer),
      ['/layers/a~1b'],
    );
    assert.deepEqual(
      index.withPrefix('/document_ids/').map((entry) => entry.pointer),
      ['/document_ids/0', '/document_ids/1'],
    );
    assert.equal(index.withPrefix('').length, index.entries.length);
    assert.deepEqual(index.withPrefix('/zzz'), []);
    assert.deepEqual(index.withPrefix('layers'), []);
  });
  it('indexes a primitive document as a single entry', () => {
    assert.deepEqual(
      buildPointerIndex('x').entries.map((entry) => [entry.pointer, entry.type]),
      [['', 'string']],
    );
  });
  it('handles very deep documents without overflowing the stack', () => {
    let deep: JsonValue = 1;
    for (let i = 0; i < 50_000; i++) {
      deep = [deep];
    }
    const deepIndex = buildPointerIndex(deep);
    assert.equal(deepIndex.entries.length, 50_001);
    assert.equal(deepIndex.lookup('/0/0/0')?.type, 'array');
    const deepest = deepIndex.entries[50_000]!;
    assert.equal(deepest.depth, 50_000);
    assert.equal(deepest.pointer, '/0'.repeat(50_000));
    assert.equal(deepIndex.lookup(deepest.pointer), deepest);
  });

  it('answers every query with the same entry objects, whichever query comes first', () => {
    const fresh = buildPointerIndex(persona);
    const llm = fresh.lookup('/layers/llm');
    assert.equal(fresh.childrenOf('/layers')[0], llm);
    assert.equal(fresh.withPrefix('/layers/ll')[0], llm);
    assert.equal(fresh.lookup('/layers/llm/model')?.parent, llm);
    assert.equal(fresh.childrenOf('/layers'), fresh.childrenOf('/layers'));
    assert.equal(fresh.entries, fresh.entries);
    assert.equal(fresh.withPrefix(''), fresh.entries);
    assert.equal(fresh.entries[7], llm);
    for (const entry of fresh.entries) assert.equal(fresh.lookup(entry.pointer), entry);
  });
  it('answers queries on a deep document of objects', () => {
    const depth = 10_000;
    let deep: JsonValue = { leaf: true };
    for (let i = 0; i < depth; i++) {
      deep = { 'a/b': deep, [`sibling${i}`]: i };
    }
    const deepIndex = buildPointerIndex(deep);
    const leafPointer = `${'/a~1b'.repeat(depth)}/leaf`;
    const leaf = deepIndex.lookup(leafPointer);
    assert.equal(leaf?.value, true);
    assert.equal(leaf?.depth, depth + 1);
    assert.equal(leaf?.parent?.pointer, '/a~1b'.repeat(depth));
    assert.deepEqual(deepIndex.withPrefix(`${'/a~1b'.repeat(depth)}/l`), [leaf]);
    assert.deepEqual(
      deepIndex.childrenOf('/a~1b'.repeat(depth - 1)).map((entry) => entry.key),
      ['a/b', 'sibling0'],
    );
    assert.equal(deepIndex.withPrefix('/a~1b').length, 2 * depth);
    assert.equal(deepIndex.entries.length, 2 * depth + 2);
  });

  describe('on a 50,000-node persona', () => {
    const big = buildPointerIndex(JSON.parse(bigPersonaText()) as JsonValue);

    it('is at least that big', () => assert.ok(big.entries.length >= 50_000));
    it('resolves every pointer back to its entry', () => {
      for (const entry of big.entries) assert.equal(big.lookup(entry.pointer), entry);
    });
    it('answers children and prefix queries', () => {
      assert.equal(big.childrenOf('/layers/llm/tools').length, 2400);
      assert.equal(big.withPrefix('/layers/llm/tools/1234/function/name')[0]!.value, 'tool_1234');
    });
  });
});
