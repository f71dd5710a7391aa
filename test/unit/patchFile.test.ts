import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PatchOp } from '../../src/core/json';
import { completionsAt } from '../../src/core/patchCompletion';
import { cursorAt, opsOf, parsePatchFile, patchFileText, PATCH_HEADER_PREFIX, readPatchHeader } from '../../src/core/patchFile';
import { hoverAt } from '../../src/core/patchHover';
import { validatePatch } from '../../src/core/patchValidation';
import { personaId } from '../../src/core/personaRules';
import { buildPointerIndex } from '../../src/core/pointer';
import { pointerAtOffset } from '../../src/core/pointerAtOffset';
import { createFixturePersonas, FIXTURE_IDS } from '../server/fixtures';
import { Random, randomJson } from './support/random';

const HEADER = '// tavus-persona: p3a9c1e07b2d4\n';

function textAt(text: string, span: { offset: number; length: number }): string {
  return text.slice(span.offset, span.offset + span.length);
}

describe('readPatchHeader', () => {
  it('reads the id and its span from the first line', () => {
    const text = '// tavus-persona:   p3a9c1e07b2d4  \r\n[]';
    const header = readPatchHeader(text);
    assert.equal(header?.personaId, 'p3a9c1e07b2d4');
    assert.equal(textAt(text, header.span), 'p3a9c1e07b2d4');
  });
  it('allows leading spaces and a byte order mark', () => {
    assert.equal(readPatchHeader('  // tavus-persona: p1')?.personaId, 'p1');
    assert.deepEqual(readPatchHeader('\uFEFF// tavus-persona: p1')?.span, { offset: 19, length: 2 });
  });
  it('is undefined for an empty id, another first line or a header further down', () => {
    assert.equal(readPatchHeader('// tavus-persona:   \n[]'), undefined);
    assert.equal(readPatchHeader('[]'), undefined);
    assert.equal(readPatchHeader('\n// tavus-persona: p1'), undefined);
    assert.equal(readPatchHeader('x // tavus-persona: p1'), undefined);
    assert.equal(readPatchHeader(''), undefined);
  });
});

describe('patchFileText', () => {
  it('writes the header and the ops as 2-space JSON, and parses back to the same ops', () => {
    const ops: PatchOp[] = [
      { op: 'replace', path: '/persona_name', value: 'New' },
      { op: 'move', from: '/a', path: '/b' },
    ];
    const text = patchFileText('p1', ops);
    assert.ok(text.startsWith(`${PATCH_HEADER_PREFIX} p1\n[\n  {\n    "op": "replace"`));
    assert.ok(text.endsWith(']\n'));
    const parsed = parsePatchFile(text);
    assert.equal(parsed.header?.personaId, 'p1');
    assert.deepEqual(opsOf(parsed), ops);
  });
});

describe('parsePatchFile', () => {
  it('gives each op its members with value and key spans', () => {
    const text = `${HEADER}[\n  { "op": "add", "path": "/a", "value": { "b": [1, null] } },\n  { "op": "copy", "from": "/a", "path": "/c" }\n]`;
    const parsed = parsePatchFile(text);
    assert.deepEqual(parsed.problems, []);
    const [first, second] = parsed.ops;
    assert.ok(first);
    assert.ok(second);
    assert.equal(first.index, 0);
    assert.ok(textAt(text, first.span).startsWith('{ "op": "add"'));
    assert.equal(textAt(text, first.op!.span), '"add"');
    assert.equal(textAt(text, first.op!.keySpan), '"op"');
    assert.equal(textAt(text, first.value!.span), '{ "b": [1, null] }');
    assert.deepEqual(first.value!.value, { b: [1, null] });
    assert.equal(textAt(text, second.from!.span), '"/a"');
    assert.deepEqual(
      first.members.map((member) => [member.name, textAt(text, member.span)]),
      [
        ['op', '"op": "add"'],
        ['path', '"path": "/a"'],
        ['value', '"value": { "b": [1, null] }'],
      ],
    );
    assert.equal(textAt(text, parsed.arraySpan!).slice(0, 1), '[');
  });
  it('accepts comments and trailing commas', () => {
    const parsed = parsePatchFile(`${HEADER}[ // ops\n { "op": "remove", "path": "/a", /* why */ },\n]`);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(opsOf(parsed), [{ op: 'remove', path: '/a' }]);
  });
  it('keeps __proto__ as an own member of values', () => {
    const parsed = parsePatchFile(`${HEADER}[{ "op": "add", "path": "/a", "value": { "__proto__": { "x": 1 } } }]`);
    const value = parsed.ops[0]!.value!.value as object;
    assert.ok(Object.hasOwn(value, '__proto__'));
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });
  it('takes the last of repeated members, as JSON.parse does', () => {
    const parsed = parsePatchFile(`${HEADER}[{ "op": "add", "path": "/a", "path": "/b", "value": 1 }]`);
    assert.equal(parsed.ops[0]!.path?.value, '/b');
  });
  it('reports syntax errors with positions and keeps what parsed', () => {
    const text = `${HEADER}[\n  { "op": "add" "path": "/a", "value": 1 }\n]`;
    const parsed = parsePatchFile(text);
    assert.equal(parsed.problems[0]!.code, 'invalid-json');
    assert.equal(parsed.problems[0]!.message, 'Expected comma.');
    assert.equal(parsed.problems[0]!.line, 2);
    assert.equal(parsed.ops[0]!.path?.value, '/a');
    assert.equal(opsOf(parsed), undefined);
  });
  it('asks for an array when the ops are missing or not in one', () => {
    for (const body of ['', '{ "op": "add" }', '"x"']) {
      const parsed = parsePatchFile(`${HEADER}${body}`);
      assert.deepEqual(
        parsed.problems.map((problem) => problem.code),
        ['not-an-array'],
        body,
      );
      assert.match(parsed.problems[0]!.message, /JSON array of ops/);
      assert.deepEqual(parsed.ops, []);
    }
  });
  it('reports items that are not objects and keeps the index of the others', () => {
    const text = `${HEADER}[1, { "op": "remove", "path": "/a" }, "x"]`;
    const parsed = parsePatchFile(text);
    assert.deepEqual(
      parsed.problems.map((problem) => [problem.code, textAt(text, problem)]),
      [
        ['op-not-an-object', '1'],
        ['op-not-an-object', '"x"'],
      ],
    );
    assert.equal(parsed.ops[0]!.index, 1);
  });
  it('survives very deep nesting', () => {
    const parsed = parsePatchFile(`${HEADER}${'['.repeat(100_000)}`);
    assert.equal(parsed.problems.at(-1)?.code, 'invalid-json');
  });
});

describe('opsOf', () => {
  it('leaves out a value on remove and anything but op, path, from and value', () => {
    const parsed = parsePatchFile(`${HEADER}[{ "op": "remove", "path": "/a", "value": 1, "note": "x" }]`);
    assert.deepEqual(opsOf(parsed), [{ op: 'remove', path: '/a' }]);
  });
  it('is undefined when an op misses what it needs or is malformed', () => {
    for (const op of [
      '{ "op": "add", "path": "/a" }',
      '{ "op": "ad", "path": "/a", "value": 1 }',
      '{ "op": "remove", "path": "a" }',
      '{ "op": "remove", "path": "/a~2" }',
      '{ "op": "move", "path": "/a" }',
      '{ "op": "copy", "from": 3, "path": "/a" }',
      '{ "path": "/a" }',
    ]) {
      assert.equal(opsOf(parsePatchFile(`${HEADER}[${op}]`)), undefined, op);
    }
  });
  it('gives [] for an empty array', () => {
    assert.deepEqual(opsOf(parsePatchFile(`${HEADER}[]`)), []);
  });
});

describe('cursorAt', () => {
  function cursor(marked: string) {
    const offset = marked.indexOf('|');
    return cursorAt(marked.replace('|', ''), offset);
  }
  it('finds the member value being written, in a closed or unclosed string', () => {
    const closed = cursor(`${HEADER}[{ "op": "add", "path": "/la|yers" }]`);
    assert.equal(closed?.kind === 'value' && closed.member, 'path');
    const unclosed = cursor(`${HEADER}[{ "op": "add", "path": "/lay|\n]`);
    assert.equal(unclosed?.kind === 'value' && unclosed.value?.json, '/lay');
    assert.equal(unclosed?.kind === 'value' && unclosed.op.op?.value, 'add');
  });
  it('finds a member whose value is not written yet', () => {
    const found = cursor(`${HEADER}[{ "op": "add", "path": | }]`);
    assert.ok(found?.kind === 'value' && found.member === 'path' && found.value === undefined);
  });
  it('finds places between ops and whether commas are needed', () => {
    assert.deepEqual(cursor(`${HEADER}[ | ]`), { kind: 'newOp', commaBefore: false, commaAfter: false });
    assert.deepEqual(cursor(`${HEADER}[ { "op": "add" } | ]`), { kind: 'newOp', commaBefore: true, commaAfter: false });
    assert.deepEqual(cursor(`${HEADER}[ { "op": "add" }, | { "op": "add" } ]`), {
      kind: 'newOp',
      commaBefore: false,
      commaAfter: true,
    });
    assert.deepEqual(cursor(`${HEADER}[ { "op": "add" },\n|`), { kind: 'newOp', commaBefore: false, commaAfter: false });
  });
  it('is undefined on keys, outside strings, inside nested values, in the header and after the array', () => {
    for (const marked of [
      `${HEADER}[{ "pa|th": "/a" }]`,
      `${HEADER}[{ "path": "/a"| }]`,
      `${HEADER}[{ "path": |"/a" }]`,
      `${HEADER}[{ "value": { "x": "|" } }]`,
      `// tavus-persona: p|1\n[]`,
      `${HEADER}[]|`,
      `${HEADER}|[]`,
      `${HEADER}{ "path": "|" }`,
    ]) {
      assert.equal(cursor(marked), undefined, marked);
    }
  });
});

describe('patch file features on random text', () => {
  const persona = createFixturePersonas().find((entry) => personaId(entry.persona) === FIXTURE_IDS.escaped)!.persona;
  const index = buildPointerIndex(persona);
  const pointers = index.entries.map((entry) => entry.pointer);
  const TOKENS = [
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"',
    '\\',
    '/',
    '~',
    '~1',
    '-',
    ' ',
    '\n',
    '// c\n',
    '/*',
    'null',
    '1e400',
    '"op"',
    '"path"',
    '"value"',
    '"from"',
    '"add"',
    '"__proto__"',
  ];

  function randomOp(random: Random): string {
    const op = random.pick(['add', 'remove', 'replace', 'copy', 'move', 'test', 'replce']);
    const path = random.chance(0.8)
      ? random.pick(pointers)
      : `${random.pick(pointers)}/${random.pick(['-', '0', '9', 'x~', '__proto__'])}`;
    const members = [`"op": "${op}"`, `"path": ${JSON.stringify(path)}`];
    if (random.chance(0.6)) members.push(`"value": ${JSON.stringify(randomJson(random, 2))}`);
    if (random.chance(0.4)) members.push(`"from": ${JSON.stringify(random.pick(pointers))}`);
    return `{ ${members.join(', ')} }`;
  }

  function randomPatchText(random: Random): string {
    const ops = Array.from({ length: random.int(6) }, () => randomOp(random));
    return `${HEADER}[\n  ${ops.join(',\n  ')}\n]\n`;
  }

  function mutate(random: Random, text: string): string {
    let result = text;
    for (let edits = 1 + random.int(4); edits > 0; edits--) {
      const at = random.int(result.length + 1);
      const end = Math.min(result.length, at + random.int(12));
      result = random.chance(0.5)
        ? result.slice(0, at) + random.pick(TOKENS) + result.slice(at)
        : result.slice(0, at) + result.slice(end);
    }
    return result;
  }

  function assertWithin(text: string, span: { offset: number; length: number }, what: string): void {
    assert.ok(
      span.offset >= 0 && span.length >= 0 && span.offset + span.length <= text.length,
      `${what} ${JSON.stringify(span)}`,
    );
  }

  it('never throws and keeps every span inside the text', () => {
    const random = new Random(6902);
    for (let round = 0; round < 2000; round++) {
      const text = random.chance(0.1) ? randomJsonText(random) : mutate(random, randomPatchText(random));
      const parsed = parsePatchFile(text);
      opsOf(parsed);
      for (const problem of [...validatePatch(parsed, persona), ...validatePatch(parsed, undefined)]) {
        assertWithin(text, problem.span, `${problem.code} in ${JSON.stringify(text)}`);
        problem.fixes.flatMap((fix) => fix.edits).forEach((edit) => assertWithin(text, edit.span, `fix of ${problem.code}`));
      }
      for (let probe = 0; probe < 3; probe++) {
        const offset = random.int(text.length + 1);
        for (const candidate of completionsAt(text, offset, persona, index)) {
          assertWithin(text, candidate.span, candidate.label);
          assert.ok(
            candidate.span.offset <= offset && offset <= candidate.span.offset + candidate.span.length,
            `${candidate.label} around the cursor`,
          );
        }
        const info = hoverAt(text, offset, persona);
        if (info !== undefined) assertWithin(text, info.span, info.pointer);
        pointerAtOffset(text, offset);
      }
    }
  });
});

function randomJsonText(random: Random): string {
  return `${HEADER}${JSON.stringify(randomJson(random, 4))}`;
}
