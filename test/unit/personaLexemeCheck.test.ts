import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonObjectText } from '../../src/core/parseJsonText';
import { lexemeProblems } from '../../src/core/personaLexemeCheck';
import { schemaProblems } from '../../src/core/personaSchemaCheck';

describe('lexemeProblems (issue 19, point 4)', () => {
  const text = [
    '{',
    '  "persona_name": "A",',
    '  "layers": {',
    '    "llm": {',
    '      "tools": [{"function": {"name": "a", "name": "b"}}],',
    '      "extra_body": {"seed": 9007199254740993, "temperature": 0.7}',
    '    }',
    '  },',
    '  "persona_name": "B"',
    '}',
  ].join('\n');

  it('marks repeated members at the later key and inexact numbers where they are written, in text order', () => {
    const problems = lexemeProblems(text);
    assert.deepEqual(
      problems.map(({ code, severity, pointer, span }) => [
        code,
        severity,
        pointer,
        text.slice(span.offset, span.offset + span.length),
      ]),
      [
        ['duplicate-member', 'error', '/layers/llm/tools/0/function/name', '"name"'],
        ['inexact-number', 'error', '/layers/llm/extra_body/seed', '9007199254740993'],
        ['duplicate-member', 'error', '/persona_name', '"persona_name"'],
      ],
    );
    assert.match(problems[2]!.message, /Duplicate member "persona_name" \(also on line 2\)/);
    assert.match(problems[1]!.message, /9007199254740993 would be sent as 9007199254740992/);
  });

  it('finds them inside values the schema checks cross, which is why it is a pass of its own', () => {
    const schemaCodes = schemaProblems(text).map((problem) => problem.code);
    assert.ok(!schemaCodes.includes('duplicate-member') && !schemaCodes.includes('inexact-number'));
  });

  it('finds nothing once they are fixed', () => {
    const fixed = text.replace('"name": "b"', '"title": "b"').replace('9007199254740993', '"9007199254740993"');
    assert.deepEqual(lexemeProblems(fixed.replace('"persona_name": "B"', '"persona_id": "p1"')), []);
  });

  it('are what saving refuses as lossy, where syntax errors are not', () => {
    const refused = parseJsonObjectText(text);
    assert.ok(!refused.ok && refused.lossy === true);
    const broken = parseJsonObjectText('{"a": }');
    assert.ok(!broken.ok && broken.lossy === undefined);
  });
});
