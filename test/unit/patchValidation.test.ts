import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Persona } from '../../src/core/json';
import { parsePatchFile } from '../../src/core/patchFile';
import { validatePatch, type PatchProblem, type QuickFix } from '../../src/core/patchValidation';
import { personaId } from '../../src/core/personaRules';
import { createFixturePersonas, FIXTURE_IDS } from '../server/fixtures';
import { bigPersonaText } from './support/bigPersona';

const HEADER = '// tavus-persona: p3a9c1e07b2d4\n';

function fixture(id: string): Persona {
  return createFixturePersonas().find((entry) => personaId(entry.persona) === id)!.persona;
}

const onboarding = (): Persona => fixture(FIXTURE_IDS.onboarding);

/** A patch file holding these ops, one per line. */
function patch(...ops: string[]): string {
  return `${HEADER}[\n${ops.map((op) => `  ${op}`).join(',\n')}\n]\n`;
}

function check(text: string, persona?: Persona): PatchProblem[] {
  return validatePatch(parsePatchFile(text), persona);
}

function spanText(text: string, problem: PatchProblem): string {
  return text.slice(problem.span.offset, problem.span.offset + problem.span.length);
}

function only(text: string, persona?: Persona): PatchProblem {
  const problems = check(text, persona);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  return problems[0]!;
}

/** The only problem of a patch holding `op`, checked for its code and for the text its span covers. */
function onlyProblem(op: string, code: string, spanned: string, persona?: Persona): { text: string; problem: PatchProblem } {
  const text = patch(op);
  const problem = only(text, persona);
  assert.deepEqual([problem.code, spanText(text, problem)], [code, spanned]);
  return { text, problem };
}

function applyFix(text: string, fix: QuickFix): string {
  const edits = [...fix.edits].sort((a, b) => b.span.offset - a.span.offset);
  return edits.reduce(
    (result, edit) => result.slice(0, edit.span.offset) + edit.newText + result.slice(edit.span.offset + edit.span.length),
    text,
  );
}

/** Applies the problem's only fix and checks that the text is then free of problems. */
function assertFixClears(text: string, problem: PatchProblem, title: string, persona?: Persona): string {
  assert.deepEqual(
    problem.fixes.map((fix) => fix.title),
    [title],
  );
  const fixed = applyFix(text, problem.fixes[0]!);
  assert.deepEqual(check(fixed, persona), [], fixed);
  return fixed;
}

describe('validatePatch: the file', () => {
  it('passes valid ops without a persona', () => {
    assert.deepEqual(
      check(patch('{ "op": "replace", "path": "/persona_name", "value": "X" }', '{ "op": "move", "from": "/a", "path": "/b" }')),
      [],
    );
  });
  it('reports syntax errors, a missing array and non-object items as errors', () => {
    const syntax = only(`${HEADER}[ { "op": "remove" "path": "/a" } ]`);
    assert.deepEqual([syntax.code, syntax.severity, syntax.message], ['invalid-json', 'error', 'Expected comma.']);
    assert.equal(only(`${HEADER}{}`).code, 'not-an-array');
    const text = `${HEADER}[ 7 ]`;
    const item = only(text);
    assert.deepEqual([item.code, spanText(text, item)], ['op-not-an-object', '7']);
  });
});

describe('validatePatch: op', () => {
  it('asks for a missing op at the op object', () => {
    onlyProblem('{ "path": "/a" }', 'missing-op', '{ "path": "/a" }');
  });
  it('offers the nearest op name for a typo, at the op value', () => {
    for (const [typo, name] of [
      ['replce', 'replace'],
      ['ADD', 'add'],
      ['mvoe', 'move'],
      ['tset', 'test'],
    ]) {
      const operand = name === 'move' ? '"from": "/a"' : '"value": "X"';
      const { text, problem } = onlyProblem(
        `{ "op": "${typo}", "path": "/persona_name", ${operand} }`,
        'unknown-op',
        `"${typo}"`,
      );
      assertFixClears(text, problem, `Change to "${name}"`);
    }
  });
  it('offers no fix for a name far from every op or not a string', () => {
    assert.deepEqual(only(patch('{ "op": "frobnicate", "path": "/a" }')).fixes, []);
    const problem = only(patch('{ "op": 3, "path": "/a" }'));
    assert.equal(problem.code, 'unknown-op');
    assert.match(problem.message, /Unknown op 3: use add, remove, replace, copy, move, test/);
  });
});

describe('validatePatch: path and from', () => {
  it('asks for a missing path at the op object', () => {
    onlyProblem('{ "op": "remove" }', 'missing-path', '{ "op": "remove" }');
  });
  it('rejects a path that is not a string, without a fix', () => {
    assert.deepEqual(onlyProblem('{ "op": "remove", "path": 5 }', 'invalid-path', '5').problem.fixes, []);
  });
  it('fixes a missing leading "/"', () => {
    const { text, problem } = onlyProblem('{ "op": "remove", "path": "layers/llm/model" }', 'invalid-path', '"layers/llm/model"');
    const fixed = assertFixClears(text, problem, 'Start with "/"', onboarding());
    assert.match(fixed, /"path": "\/layers\/llm\/model"/);
  });
  it('fixes a "~" that is not an escape, and both repairs at once', () => {
    const escaped = fixture(FIXTURE_IDS.escaped);
    const tilde = patch('{ "op": "remove", "path": "/layers/llm/headers/m~n" }');
    assert.match(assertFixClears(tilde, only(tilde), 'Escape "~" as "~0"', escaped), /"\/layers\/llm\/headers\/m~0n"/);
    const both = patch('{ "op": "remove", "path": "layers/llm/headers/m~n" }');
    assertFixClears(both, only(both), 'Start with "/" and escape "~" as "~0"', escaped);
  });
  it('checks from like path on copy and move, and asks for a missing from', () => {
    onlyProblem('{ "op": "move", "path": "/b" }', 'missing-from', '{ "op": "move", "path": "/b" }');
    const { text, problem } = onlyProblem(
      '{ "op": "copy", "from": "persona_name", "path": "/pal_name" }',
      'invalid-from',
      '"persona_name"',
    );
    assertFixClears(text, problem, 'Start with "/"', onboarding());
  });
  it('accepts the escapes ~0 and ~1 and resolves them against the persona', () => {
    const escaped = fixture(FIXTURE_IDS.escaped);
    const text = patch(
      '{ "op": "test", "path": "/layers/llm/headers/a~1b", "value": "slash" }',
      '{ "op": "test", "path": "/layers/llm/headers/m~0n", "value": "tilde" }',
      '{ "op": "test", "path": "/layers/llm/headers/~01", "value": "looks-escaped" }',
      '{ "op": "replace", "path": "/layers/llm/extra_body/route~1~00/nested", "value": false }',
    );
    assert.deepEqual(check(text, escaped), []);
    const unescaped = only(patch('{ "op": "remove", "path": "/layers/llm/headers/a/b" }'), escaped);
    assert.equal(unescaped.code, 'path-not-found');
  });
});

describe('validatePatch: value', () => {
  it('asks for a value on add, replace and test, at the op object', () => {
    for (const name of ['add', 'replace', 'test']) {
      const op = `{ "op": "${name}", "path": "/persona_name" }`;
      onlyProblem(op, 'missing-value', op);
    }
  });
  it('warns about a value on remove and removes it with its comma', () => {
    for (const op of [
      '{ "op": "remove", "path": "/context", "value": 1 }',
      '{ "op": "remove", "value": { "a": [1] }, "path": "/context" }',
      '{ "value": 1, "op": "remove", "path": "/context" }',
    ]) {
      const text = patch(op);
      const problem = only(text, onboarding());
      assert.deepEqual([problem.code, problem.severity], ['value-on-remove', 'warning']);
      assert.match(spanText(text, problem), /^(1|\{ "a": \[1\] \})$/);
      const fixed = assertFixClears(text, problem, 'Remove "value"', onboarding());
      assert.doesNotMatch(fixed, /value/);
    }
  });
  it('warns about unknown members and renames a near one', () => {
    const text = patch('{ "op": "replace", "path": "/persona_name", "valeu": "X" }');
    const problems = check(text);
    assert.deepEqual(
      problems.map((problem) => [problem.code, problem.severity]),
      [
        ['unknown-member', 'warning'],
        ['missing-value', 'error'],
      ],
    );
    assert.equal(spanText(text, problems[0]!), '"valeu"');
    assertFixClears(text, problems[0]!, 'Rename to "value"');
    assert.deepEqual(only(patch('{ "op": "remove", "path": "/a", "comment": "why" }')).fixes, []);
  });
});

describe('validatePatch: server-owned fields', () => {
  it('refuses changes to fields Tavus sets, at the path', () => {
    for (const field of ['persona_id', 'created_at', 'updated_at', 'persona_type', 'pal_id']) {
      const { problem } = onlyProblem(`{ "op": "replace", "path": "/${field}", "value": "x" }`, 'server-owned', `"/${field}"`);
      assert.equal(problem.severity, 'error');
    }
  });
  it('allows a test on them but not a move away from them, nor an op on the whole persona', () => {
    assert.deepEqual(check(patch('{ "op": "test", "path": "/updated_at", "value": "2025-11-04T09:02:45Z" }'), onboarding()), []);
    const move = patch('{ "op": "move", "from": "/created_at", "path": "/context" }');
    assert.equal(spanText(move, only(move, onboarding())), '"/created_at"');
    assert.match(only(patch('{ "op": "replace", "path": "", "value": {} }')).message, /whole persona/);
    assert.deepEqual(check(patch('{ "op": "copy", "from": "/persona_id", "path": "/context" }'), onboarding()), []);
  });
});

describe('validatePatch: against the persona', () => {
  it('reports a missing path for remove, replace and test, offering add for replace where the parent exists', () => {
    for (const op of [
      '{ "op": "remove", "path": "/layers/llm/missing" }',
      '{ "op": "test", "path": "/layers/llm/missing", "value": 1 }',
    ]) {
      assert.deepEqual(onlyProblem(op, 'path-not-found', '"/layers/llm/missing"', onboarding()).problem.fixes, []);
    }
    const text = patch('{ "op": "replace", "path": "/layers/llm/missing", "value": 1 }');
    const problem = only(text, onboarding());
    assert.match(problem.message, /not in the persona\. Use add to create it\./);
    const fixed = assertFixClears(text, problem, 'Change to add', onboarding());
    assert.match(fixed, /"op": "add"/);
    assert.deepEqual(only(patch('{ "op": "replace", "path": "/nothing/here", "value": 1 }'), onboarding()).fixes, []);
  });
  it('reports an add whose parent is missing or not a container', () => {
    onlyProblem(
      '{ "op": "add", "path": "/layers/vqa/enabled", "value": false }',
      'parent-not-found',
      '"/layers/vqa/enabled"',
      onboarding(),
    );
    assert.match(
      only(patch('{ "op": "add", "path": "/persona_name/x", "value": 1 }'), onboarding()).message,
      /is "Onboarding Guide", not an object or array/,
    );
  });
  it('reports a from that does not exist, at the from', () => {
    for (const name of ['copy', 'move']) {
      onlyProblem(
        `{ "op": "${name}", "from": "/layers/llm/nope", "path": "/context" }`,
        'from-not-found',
        '"/layers/llm/nope"',
        onboarding(),
      );
    }
  });
  it('refuses to move a value inside itself', () => {
    const text = patch('{ "op": "move", "from": "/layers/llm", "path": "/layers/llm/inner" }');
    assert.equal(only(text, onboarding()).code, 'move-into-itself');
  });
  it('checks array indices: add up to the length or "-", others below the length', () => {
    const persona = onboarding();
    assert.deepEqual(
      check(
        patch(
          '{ "op": "add", "path": "/document_ids/1", "value": "d2" }',
          '{ "op": "add", "path": "/document_ids/-", "value": "d3" }',
          '{ "op": "replace", "path": "/document_ids/2", "value": "d4" }',
          '{ "op": "copy", "from": "/document_ids/0", "path": "/document_tags/-" }',
        ),
        persona,
      ),
      [],
    );
    const cases: Array<[string, string]> = [
      ['{ "op": "add", "path": "/document_ids/2", "value": "x" }', 'index-out-of-range'],
      ['{ "op": "replace", "path": "/document_ids/1", "value": "x" }', 'index-out-of-range'],
      ['{ "op": "remove", "path": "/document_ids/-" }', 'invalid-array-index'],
      ['{ "op": "test", "path": "/document_ids/-", "value": "x" }', 'invalid-array-index'],
      ['{ "op": "remove", "path": "/document_ids/01" }', 'invalid-array-index'],
      ['{ "op": "add", "path": "/document_ids/first", "value": "x" }', 'invalid-array-index'],
    ];
    for (const [op, code] of cases) onlyProblem(op, code, op.match(/"path": ("[^"]*")/)![1]!, persona);
    assert.match(
      only(patch(cases[0]![0]), persona).message,
      /Index 2 is out of range: the array has 1 item; use "-" to append\./,
    );
  });
  it('warns when a test would fail, saying the current value, and offers it', () => {
    const op = '{ "op": "test", "path": "/layers/llm/model", "value": "tavus-llama" }';
    const { text, problem } = onlyProblem(op, 'test-mismatch', '"tavus-llama"', onboarding());
    assert.equal(problem.severity, 'warning');
    assert.match(problem.message, /The persona has "tavus-gpt-oss" here/);
    assertFixClears(text, problem, 'Use the current value', onboarding());
    const container = only(patch('{ "op": "test", "path": "/layers", "value": {} }'), onboarding());
    assert.match(container.message, /an object with 5 members/);
  });
  it('reports an op fast-json-patch refuses to apply', () => {
    const problem = only(patch('{ "op": "add", "path": "/layers/__proto__", "value": { "polluted": true } }'), onboarding());
    assert.equal(problem.code, 'cannot-apply');
    assert.match(
      problem.message,
      /^This op cannot be applied: JSON-Patch: modifying `__proto__` .* is banned for security reasons\.$/,
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
  it('checks only the structure without a persona', () => {
    assert.deepEqual(check(patch('{ "op": "remove", "path": "/not/there" }', '{ "op": "test", "path": "/x", "value": 1 }')), []);
  });
});

describe('validatePatch: ops in sequence', () => {
  it('lets later ops rely on earlier ones', () => {
    const echo = fixture(FIXTURE_IDS.echo);
    const text = patch(
      '{ "op": "add", "path": "/layers/conversational_flow", "value": {} }',
      '{ "op": "add", "path": "/layers/conversational_flow/turn_taking_patience", "value": "low" }',
      '{ "op": "test", "path": "/layers/conversational_flow", "value": { "turn_taking_patience": "low" } }',
      '{ "op": "copy", "from": "/layers/conversational_flow", "path": "/layers/copy" }',
      '{ "op": "move", "from": "/layers/copy", "path": "/layers/moved" }',
      '{ "op": "remove", "path": "/layers/moved/turn_taking_patience" }',
      '{ "op": "test", "path": "/layers/moved", "value": {} }',
      '{ "op": "test", "path": "/layers/conversational_flow/turn_taking_patience", "value": "low" }',
    );
    assert.deepEqual(check(text, echo), []);
  });
  it('sees what earlier ops removed, and keeps the state before an op that fails', () => {
    const text = patch(
      '{ "op": "remove", "path": "/context" }',
      '{ "op": "replace", "path": "/context", "value": "x" }',
      '{ "op": "add", "path": "/missing/deep", "value": 1 }',
      '{ "op": "test", "path": "/persona_name", "value": "Onboarding Guide" }',
    );
    assert.deepEqual(
      check(text, onboarding()).map((problem) => problem.code),
      ['path-not-found', 'parent-not-found'],
    );
  });
  it('leaves the persona and the parsed file as they were', () => {
    const persona = onboarding();
    const parsed = parsePatchFile(
      patch(
        '{ "op": "add", "path": "/layers/extra", "value": { "list": [] } }',
        '{ "op": "add", "path": "/layers/extra/list/-", "value": 1 }',
        '{ "op": "remove", "path": "/layers/llm" }',
      ),
    );
    const before = JSON.stringify(parsed);
    assert.deepEqual(validatePatch(parsed, persona), []);
    assert.deepEqual(persona, onboarding());
    assert.equal(JSON.stringify(parsed), before);
  });
  it('checks many ops against a big persona', () => {
    const big = JSON.parse(bigPersonaText()) as Persona;
    const ops = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0
        ? `{ "op": "replace", "path": "/layers/llm/tools/${i}/function/name", "value": "renamed_${i}" }`
        : `{ "op": "test", "path": "/layers/llm/tools/${i - 1}/function/name", "value": "renamed_${i - 1}" }`,
    );
    assert.deepEqual(
      check(patch(...ops, '{ "op": "remove", "path": "/layers/llm/tools/5000" }'), big).map((problem) => problem.code),
      ['index-out-of-range'],
    );
  });
});

describe('validatePatch: did you mean, and Remove this op', () => {
  it('offers the place where a missing path exists elsewhere in the persona', () => {
    const text = patch('{ "op": "replace", "path": "/layers/llm/temperature", "value": 0.7 }');
    const problem = only(text, onboarding());
    const titles = problem.fixes.map((fix) => fix.title);
    assert.ok(titles.includes('Did you mean "/layers/llm/extra_body/temperature"?'), titles.join(', '));
    const fix = problem.fixes.find((f) => f.title.startsWith('Did you mean'))!;
    assert.deepEqual(check(applyFix(text, fix), onboarding()), []);
  });

  it('offers no guess for a name the persona has nowhere', () => {
    const problem = only(patch('{ "op": "remove", "path": "/layers/llm/no_such_field" }'), onboarding());
    assert.ok(!problem.fixes.some((fix) => fix.title.startsWith('Did you mean')));
  });

  it('removes an op on a field Tavus sets, with its comma, leaving valid JSON', () => {
    const text = patch(
      '{ "op": "replace", "path": "/persona_name", "value": "A" }',
      '{ "op": "replace", "path": "/updated_at", "value": "x" }',
    );
    const problem = only(text, onboarding());
    const remove = problem.fixes.find((fix) => fix.title === 'Remove this op')!;
    const fixed = applyFix(text, remove);
    assert.deepEqual(check(fixed, onboarding()), []);
    assert.deepEqual(parsePatchFile(fixed).ops.length, 1);
  });

  it('removes an op whose array index is out of range', () => {
    const text = patch(
      '{ "op": "replace", "path": "/document_ids/5", "value": "x" }',
      '{ "op": "replace", "path": "/persona_name", "value": "A" }',
    );
    const remove = only(text, onboarding()).fixes.find((fix) => fix.title === 'Remove this op')!;
    assert.deepEqual(check(applyFix(text, remove), onboarding()), []);
  });
});
