import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePersonaFile } from '../../src/core/personaFile';
import { withConnectionId } from '../../src/core/personaFileHeader';

function idsOf(text: string): Record<string, string> {
  const parsed = parsePersonaFile(text);
  assert.ok(parsed.ok);
  return parsed.file.ids;
}

describe('withConnectionId', () => {
  it('adds the header first to a file without one, leaving the fields as written', () => {
    const text = '{\n  "persona_name": "Clinic Intake",\n  "system_prompt":   "Be kind."\n}\n';
    const result = withConnectionId(text, 'default', 'p123');
    assert.deepEqual(idsOf(result), { default: 'p123' });
    assert.ok(result.indexOf('"$tavus"') < result.indexOf('"persona_name"'));
    assert.ok(result.includes('"system_prompt":   "Be kind."'));
  });

  it('keeps the other connections’ ids', () => {
    const text = '{\n  "$tavus": { "ids": { "staging": "p1" } },\n  "persona_name": "A"\n}\n';
    assert.deepEqual(idsOf(withConnectionId(text, 'production', 'p2')), { staging: 'p1', production: 'p2' });
  });

  it('replaces the id of the same connection', () => {
    const text = '{\n  "$tavus": { "ids": { "default": "old" } },\n  "persona_name": "A"\n}\n';
    assert.deepEqual(idsOf(withConnectionId(text, 'default', 'new')), { default: 'new' });
  });

  it('adds ids to a header without them', () => {
    const text = '{\n  "$tavus": {},\n  "persona_name": "A"\n}\n';
    assert.deepEqual(idsOf(withConnectionId(text, 'default', 'p9')), { default: 'p9' });
  });

  it('keeps CRLF line breaks', () => {
    const result = withConnectionId('{\r\n  "persona_name": "A"\r\n}\r\n', 'default', 'p1');
    assert.ok(!/[^\r]\n/.test(result));
  });

  it('refuses text that is not a persona file', () => {
    assert.throws(() => withConnectionId('{ "a": 1, }', 'default', 'p1'), /not valid JSON/);
  });
});
