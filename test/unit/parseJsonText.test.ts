import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../src/core/json';
import { formatProblem, parseJsonObjectText, problemAt, type TextProblem } from '../../src/core/parseJsonText';
import { bigPersonaText } from './support/bigPersona';

function parsedValue(text: string): JsonObject {
  const result = parseJsonObjectText(text);
  assert.ok(result.ok, `expected valid JSON, got ${result.ok ? '' : JSON.stringify(result.problems)}`);
  return result.value;
}

function problemsOf(text: string): TextProblem[] {
  const result = parseJsonObjectText(text);
  assert.ok(!result.ok, 'expected the text to be rejected');
  assert.ok(result.problems.length > 0, 'a rejection names at least one problem');
  return result.problems;
}

/** The first problem, as line:column plus message, to compare in one assertion. */
function firstProblem(text: string): string {
  const [problem] = problemsOf(text);
  assert.ok(problem);
  return `${problem.line}:${problem.column} ${problem.message}`;
}

describe('parseJsonObjectText: valid documents', () => {
  it('parses an object', () => {
    assert.deepEqual(parsedValue('{"persona_name": "A", "layers": {"llm": {"model": "m"}}, "n": [1, 2.5, null, true]}'), {
      persona_name: 'A',
      layers: { llm: { model: 'm' } },
      n: [1, 2.5, null, true],
    });
  });

  it('accepts surrounding whitespace, an empty object and a BOM-free CRLF file', () => {
    assert.deepEqual(parsedValue('  \n{}\n'), {});
    assert.deepEqual(parsedValue('{\r\n  "a": 1\r\n}\r\n'), { a: 1 });
  });

  it('keeps key order', () => assert.deepEqual(Object.keys(parsedValue('{"z": 1, "a": 2, "m": 3}')), ['z', 'a', 'm']));

  it('keeps -0', () => assert.ok(Object.is(parsedValue('{"a": -0}').a, -0)));

  it('accepts lone surrogate escapes as they are', () => {
    assert.equal(parsedValue('{"a": "\\ud800", "b": "\\udc00x"}').a, '\ud800');
  });

  it('accepts large but finite numbers', () => {
    assert.deepEqual(parsedValue('{"a": 1.7e308, "c": 123e100, "d": 5e-324}'), { a: 1.7e308, c: 123e100, d: 5e-324 });
  });

  it('keeps __proto__ as an own member and leaves Object.prototype alone', () => {
    const value = parsedValue('{"__proto__": {"polluted": true}, "a": {"__proto__": []}}');
    assert.equal(Object.hasOwn(value, '__proto__'), true);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, { polluted: true });
    assert.equal(Object.hasOwn(value.a as JsonObject, '__proto__'), true);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('parses a 10 MB document', () => {
    const text = bigPersonaText(5400);
    assert.ok(text.length >= 10_000_000, `only ${text.length} characters`);
    const value = parsedValue(text);
    assert.equal(((value.layers as JsonObject).llm as JsonObject).tools instanceof Array, true);
  });

  it('parses 10,000 levels of nesting', () => {
    const depth = 10_000;
    const value = parsedValue(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    let node = value.a;
    let levels = 0;
    while (Array.isArray(node)) {
      levels++;
      node = node[0];
    }
    assert.equal(levels, depth);
  });
});

describe('parseJsonObjectText: not an object', () => {
  for (const text of ['[]', '[{"a": 1}]', '"persona"', '42', 'true', 'null']) {
    it(`rejects a top-level ${text}`, () => {
      const [problem] = problemsOf(text);
      assert.ok(problem);
      assert.match(problem.message, /must be one JSON object/);
      assert.deepEqual([problem.line, problem.column, problem.offset], [0, 0, 0]);
    });
  }

  it('rejects empty and blank text', () => {
    assert.match(firstProblem(''), /^0:0 Value expected$/);
    assert.match(firstProblem(' \n '), /^1:1 Value expected$/);
  });
});

describe('parseJsonObjectText: syntax errors', () => {
  it('points at a missing comma on a later line', () => {
    assert.equal(firstProblem('{\n  "a": 1,\n  "b": 2\n  "c": 3\n}'), '3:2 Expected comma');
  });

  it('points at a bad value', () => {
    const [problem] = problemsOf('{\n  "model": tavus\n}');
    assert.ok(problem);
    assert.deepEqual([problem.line, problem.column, problem.length, problem.message], [1, 11, 5, 'Value expected']);
  });

  it('points at an unterminated string', () => {
    assert.equal(firstProblem('{\n  "a": "ok",\n  "b": "open\n}'), '2:7 Unexpected end of string');
  });

  it('points at a missing closing brace at the end', () => {
    const text = '{\n  "a": {\n    "b": 1\n  }\n';
    const problems = problemsOf(text);
    assert.ok(
      problems.some(
        (p) => p.message === 'Expected comma or closing brace' && p.offset === text.length && p.line === 4 && p.column === 0,
      ),
    );
  });

  it('points at a second top-level value', () => {
    assert.equal(firstProblem('{"a": 1}\n{"b": 2}'), '1:0 End of file expected');
  });

  it('rejects comments where they are', () => {
    assert.equal(firstProblem('{\n  // note\n  "a": 1\n}'), '1:2 Comments are not permitted in JSON');
    assert.equal(firstProblem('{\n  "a": 1 /* note */\n}'), '1:9 Comments are not permitted in JSON');
  });

  it('rejects a trailing comma, pointing after it', () => {
    const problems = problemsOf('{\n  "a": [1, 2,],\n  "b": 1,\n}');
    assert.ok(
      problems.some((p) => p.line === 1 && p.column === 13),
      JSON.stringify(problems),
    );
    assert.ok(
      problems.some((p) => p.line === 3 && p.column === 0),
      JSON.stringify(problems),
    );
  });

  it('rejects single quotes and unquoted keys', () => {
    assert.match(firstProblem("{'a': 1}"), /^0:1 /);
    assert.match(firstProblem('{a: 1}'), /^0:1 /);
  });

  it('gives each problem a readable message', () => {
    for (const problem of problemsOf('{"a": 1,, "b" 2 "c"}')) {
      assert.match(problem.message, /^[A-Z][a-z]+( [a-z]+)*$/, problem.message);
    }
  });

  it('counts columns in UTF-16 units, as editors do', () => {
    assert.equal(firstProblem('{"emoji": "🎉" "x": 1}'), '0:15 Expected comma');
  });

  it('does not throw on 10,000 levels of broken nesting', () => {
    const depth = 10_000;
    const text = `{"a":${'['.repeat(depth)}${']'.repeat(depth - 1)}}`;
    let result: ReturnType<typeof parseJsonObjectText> | undefined;
    assert.doesNotThrow(() => {
      result = parseJsonObjectText(text);
    });
    assert.ok(result && !result.ok);
    assert.match(result.problems[0]!.message, /JSON|nest/i);
  });
});

describe('parseJsonObjectText: numbers too large for JSON', () => {
  it('rejects 1e400 and names its pointer', () => {
    assert.match(
      firstProblem('{"layers": {"llm": {"extra_body": {"temperature": 1e400}}}}'),
      /The number at \/layers\/llm\/extra_body\/temperature cannot be sent as typed: 1e400 would be sent as null \(it is too large for JSON\)/,
    );
  });

  it('rejects -1E+400 in an array, escaping the pointer', () => {
    assert.match(
      firstProblem('{"a/b": [0, {"c~d": -1E+400}]}'),
      /at \/a~1b\/1\/c~0d cannot be sent as typed: -1E\+400 would be sent as null/,
    );
  });

  it('rejects a long mantissa even with a small exponent', () => {
    assert.match(firstProblem(`{"big": ${'9'.repeat(310)}}`), /at \/big cannot be sent as typed: .* would be sent as null/);
    assert.match(firstProblem(`{"big": ${'1'.repeat(250)}e99}`), /at \/big cannot be sent as typed: .* would be sent as null/);
    assert.match(firstProblem(`{"big": ${'1'.repeat(200)}.5e150}`), /at \/big cannot be sent as typed: .* would be sent as null/);
  });
});

describe('problemAt and formatProblem', () => {
  it('turns an offset into a 0-based line and column', () => {
    assert.deepEqual(problemAt('ab\ncd\nef', 7, 1, 'm'), { message: 'm', line: 2, column: 1, offset: 7, length: 1 });
    assert.deepEqual(problemAt('ab\ncd', 2, 0, 'm'), { message: 'm', line: 0, column: 2, offset: 2, length: 0 });
    assert.deepEqual(problemAt('ab\ncd', 3, 0, 'm'), { message: 'm', line: 1, column: 0, offset: 3, length: 0 });
  });

  it('formats 1-based positions', () => {
    assert.equal(
      formatProblem({ message: 'Expected comma', line: 2, column: 6, offset: 0, length: 1 }),
      'line 3, column 7: Expected comma',
    );
    assert.equal(formatProblem(problemsOf('{\n  "a": 1\n  "b": 2\n}')[0]!), 'line 3, column 3: Expected comma');
  });
});
