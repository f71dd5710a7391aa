import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PatchOp } from '../../src/core/json';
import {
  describeInexactNumber,
  inexactNumbersInOps,
  inexactNumbersInText,
  isExactNumberLexeme,
  scanJsonLexemes,
} from '../../src/core/jsonLexemes';
import { opsOf, parsePatchFile } from '../../src/core/patchFile';
import { parseJsonObjectText } from '../../src/core/parseJsonText';
import { validatePatch } from '../../src/core/patchValidation';
import { travelsExactly } from './support/jsonOracles';
import { fuzzCases, fuzzSeed } from './support/random';

describe('isExactNumberLexeme (issue 10, item 6)', () => {
  it('accepts what is sent with the same decimal value', () => {
    for (const lexeme of [
      '0',
      '-0',
      '-0.0',
      '0e0',
      '0.1',
      '1.50',
      '1e2',
      '1E+2',
      '2.5e-3',
      '9007199254740992',
      '12345e20',
      '5e-324',
      '1.7976931348623157e308',
    ]) {
      assert.ok(isExactNumberLexeme(lexeme), lexeme);
    }
  });

  it('refuses what would be sent as another number or as null', () => {
    for (const lexeme of [
      '9007199254740993',
      '9223372036854775807',
      '1.00000000000000001',
      '1e400',
      '-1E+400',
      '1e-400',
      `0.${'0'.repeat(400)}1`,
      '9'.repeat(400),
      '0.30000000000000000001',
    ]) {
      assert.ok(!isExactNumberLexeme(lexeme), lexeme);
    }
  });

  it('property: exact exactly when the typed and the sent decimal are equal', () =>
    fuzzCases(
      fuzzSeed(61),
      2000,
      (random) => {
        const digits = Array.from({ length: 1 + random.int(25) }, () => random.int(10)).join('');
        const point = random.int(digits.length + 1);
        const mantissa = point === digits.length ? digits : `${digits.slice(0, point) || '0'}.${digits.slice(point)}`;
        const exponent = random.chance(0.5) ? `e${random.between(-340, 340)}` : '';
        return `${random.chance(0.3) ? '-' : ''}${mantissa.replace(/^0+(?=\d)/, '')}${exponent}`;
      },
      (lexeme) => {
        assert.equal(
          isExactNumberLexeme(lexeme),
          travelsExactly(lexeme),
          `${lexeme} is sent as ${JSON.stringify(Number(lexeme))}`,
        );
      },
    ));
});

describe('scanJsonLexemes', () => {
  it('finds inexact numbers and repeated members with their pointers and spans, comments and all', () => {
    const text = '// tavus-persona: p1\n[{"op": "add", "path": "/a", "value": {"n": [1, 9007199254740993], "k": 1, "k": 2}}]';
    const { inexactNumbers, duplicateMembers } = scanJsonLexemes(text);
    assert.deepEqual(
      inexactNumbers.map(({ pointer, lexeme, value }) => [pointer, lexeme, value]),
      [['/0/value/n/1', '9007199254740993', 9007199254740992]],
    );
    assert.equal(
      text.slice(inexactNumbers[0]!.offset, inexactNumbers[0]!.offset + inexactNumbers[0]!.length),
      '9007199254740993',
    );
    assert.deepEqual(
      duplicateMembers.map(({ pointer, key }) => [pointer, key]),
      [['/0/value', 'k']],
    );
    assert.equal(text.slice(duplicateMembers[0]!.offset), '"k": 2}}]');
  });

  it('scans nesting far deeper than recursion allows', () => {
    const depth = 20_000;
    const text = `${'['.repeat(depth)}1e400${']'.repeat(depth)}`;
    assert.equal(scanJsonLexemes(text).inexactNumbers[0]!.pointer, '/0'.repeat(depth));
  });
});

describe('persona documents: duplicate members and inexact numbers (issue 10, items 6 and 7)', () => {
  it('refuses a repeated member, marking the later key whichever comes first', () => {
    const above = '{\n  "context": "Acme",\n  "persona_name": "A",\n  "context": null\n}';
    const result = parseJsonObjectText(above);
    assert.ok(!result.ok);
    assert.equal(result.problems.length, 1);
    const [problem] = result.problems;
    assert.ok(problem);
    assert.equal(above.slice(problem.offset, problem.offset + problem.length), '"context"');
    assert.equal(problem.line, 3);
    assert.match(
      problem.message,
      /^Duplicate member "context" \(also on line 2\): only one of them would be kept; remove the other\.$/,
    );
    const nested = parseJsonObjectText('{"layers": {"llm": {"model": "a", "model": "b"}}}');
    assert.ok(!nested.ok && /Duplicate member "model" in \/layers\/llm/.test(nested.problems[0]!.message));
  });

  it('refuses a number that would be sent as another, naming the pointer, what was typed and what would be sent', () => {
    const text = '{"layers": {"llm": {"tools": [{"maximum": 9007199254740993}]}}}';
    const result = parseJsonObjectText(text);
    assert.ok(!result.ok);
    const [problem] = result.problems;
    assert.ok(problem);
    assert.equal(text.slice(problem.offset, problem.offset + problem.length), '9007199254740993');
    assert.match(
      problem.message,
      /^The number at \/layers\/llm\/tools\/0\/maximum cannot be sent as typed: 9007199254740993 would be sent as 9007199254740992/,
    );
    assert.ok(parseJsonObjectText('{"maximum": 9223372036854776000, "t": 0.7}').ok, 'what a rounded server copy shows is exact');
  });
});

describe('patch files: duplicate members and inexact numbers (issue 10, items 6 and 7)', () => {
  it('reports them like syntax errors, so the ops are not used', () => {
    const text =
      '// tavus-persona: p1\n[\n  { "op": "add", "path": "/a", "value": 1e400 },\n  { "op": "replace", "path": "/b", "path": "/c", "value": 1 }\n]';
    const parsed = parsePatchFile(text);
    assert.deepEqual(
      parsed.problems.map((problem) => [problem.code, text.slice(problem.offset, problem.offset + problem.length)]),
      [
        ['inexact-number', '1e400'],
        ['duplicate-member', '"path"'],
      ],
    );
    assert.match(parsed.problems[0]!.message, /The number at \/0\/value cannot be sent as typed: 1e400 would be sent as null/);
    assert.equal(opsOf(parsed), undefined);
    assert.deepEqual(
      validatePatch(parsed, undefined).map((problem) => [problem.code, problem.severity]),
      [
        ['inexact-number', 'error'],
        ['duplicate-member', 'error'],
      ],
    );
  });
});

describe('server copies with numbers JSON.parse rounded (issue 10, item 6)', () => {
  const raw =
    '{"persona_id":"p1","layers":{"llm":{"tools":[{"parameters":{"maximum":9223372036854775807,"minimum":0}},{"name":"b"}]}}}';

  it('lists them with their lexeme and parsed value, relative to the persona', () => {
    const expected = [
      { pointer: '/layers/llm/tools/0/parameters/maximum', lexeme: '9223372036854775807', value: 9223372036854775807 },
    ];
    const strip = (list: ReturnType<typeof inexactNumbersInText>) =>
      list.map(({ pointer, lexeme, value }) => ({ pointer, lexeme, value }));
    assert.deepEqual(strip(inexactNumbersInText(raw)), expected);
    assert.deepEqual(strip(inexactNumbersInText(`{"data":[${raw}]}`, '/data/0')), expected);
    assert.deepEqual(inexactNumbersInText('{"persona_id":"p1","n":12}'), []);
  });

  it('says which ops would send one, by value or by moving it', () => {
    const inexact = inexactNumbersInText(raw);
    const persona = JSON.parse(raw);
    const tools = persona.layers.llm.tools;
    const ops: PatchOp[] = [
      { op: 'replace', path: '/layers/llm/tools', value: [tools[1], tools[0]] },
      { op: 'replace', path: '/persona_name', value: 'x' },
      { op: 'move', from: '/layers/llm/tools/0/parameters', path: '/p' },
      { op: 'copy', from: '/layers/llm/tools/1', path: '/q' },
    ];
    assert.deepEqual(
      inexactNumbersInOps(ops, inexact).map((found) => found.opIndex),
      [0, 2],
    );
    assert.equal(
      describeInexactNumber(inexact[0]!),
      '/layers/llm/tools/0/parameters/maximum: Tavus has 9223372036854775807, would send 9223372036854776000',
    );
    assert.deepEqual(inexactNumbersInOps(ops, []), []);
  });
});
