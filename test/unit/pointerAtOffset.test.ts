import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatPersona } from '../../src/core/personaDocument';
import { pointerAtOffset } from '../../src/core/pointerAtOffset';

/** The pointer at the `|` in `marked`, which is removed. */
function pointerAt(marked: string): string | undefined {
  const offset = marked.indexOf('|');
  return pointerAtOffset(marked.slice(0, offset) + marked.slice(offset + 1), offset);
}

/** [text with the cursor at `|`, the pointer expected there]. */
const CASES: Record<string, Array<[string, string]>> = {
  'names the value under the cursor': [
    ['{"layers": {"llm": {"model": "tavus-|gpt-oss"}}}', '/layers/llm/model'],
    ['{"document_ids": ["d1", "d|2"]}', '/document_ids/1'],
    ['{"a": {"b": [1, 2|]}}', '/a/b/1'],
    ['{"a": {"b": [1, 2]|}}', '/a/b'],
  ],
  'names the member whose key is under the cursor': [
    ['{"layers": {"l|lm": {}}}', '/layers/llm'],
    ['{"a": 1, "": |2}', '/'],
  ],
  'names the container between members and the whole document at its edges': [
    ['{"a": {"x": 1, |}}', '/a'],
    ['|{"a": 1}', ''],
    ['{"a": 1}|', ''],
  ],
  'escapes "~" and "/" in keys': [
    ['{"a/b": {"m~n": tr|ue}}', '/a~1b/m~0n'],
    ['{"~1": |0}', '/~01'],
  ],
};

describe('pointerAtOffset', () => {
  for (const [title, cases] of Object.entries(CASES)) {
    it(title, () => {
      for (const [marked, expected] of cases) assert.equal(pointerAt(marked), expected, marked);
    });
  }
  it('works in a formatted persona and in broken text', () => {
    const text = formatPersona({ persona_name: 'X', layers: { tts: { voice_settings: { speed: 1 } } } });
    assert.equal(pointerAtOffset(text, text.indexOf('1')), '/layers/tts/voice_settings/speed');
    assert.equal(pointerAt('{"a": {"b": |'), '/a/b');
    assert.equal(pointerAtOffset('', 0), '');
  });
  it('is undefined for text nested too deeply to read', () => {
    const deep = `${'{"a":'.repeat(50_000)}1`;
    assert.equal(pointerAtOffset(deep, deep.length), undefined);
  });
});
