import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../src/core/json';
import { CursorLocator, locateFromStart, locateWithOutline, type CursorLocation } from '../../src/core/cursorLocation';
import { outlineJson, type Outline } from '../../src/core/personaOutline';
import { personaOutline } from '../../src/core/personaSchemaCheck';
import { formatPersona } from '../../src/core/personaDocument';
import { fuzzCases, fuzzSeed, randomJson, randomKey, type Random } from './support/random';

/** Descends into some containers and crosses others, as the schema's outline does with unknown fields. */
function someContainers(pointer: string): boolean {
  if (pointer === '') return true;
  let hash = 0;
  for (let i = 0; i < pointer.length; i++) hash = (hash * 31 + pointer.charCodeAt(i)) >>> 0;
  return hash % 4 !== 0;
}

function outlineOf(text: string): Outline {
  return outlineJson(text, someContainers);
}

function randomDocument(random: Random): string {
  const root: JsonObject = {};
  for (let i = random.int(6); i >= 0; i--) root[randomKey(random)] = randomJson(random, 4);
  return random.chance(0.5) ? JSON.stringify(root, null, random.pick([2, '\t'])) : JSON.stringify(root);
}

/** Text typed in the middle of a document: structure characters too, so the text after may change meaning. */
const TYPED = ['"', '{', '}', '[', ']', ',', ':', ' ', '\n', 'a', '1', '"x": 1,', '{"k": [', '\\'];

interface EditCase {
  before: string;
  after: string;
  at: number;
  offsets: number[];
}

function randomEdit(random: Random): EditCase {
  const before = randomDocument(random);
  const at = random.int(before.length + 1);
  const removed = random.chance(0.5) ? random.int(Math.min(8, before.length - at) + 1) : 0;
  const after = before.slice(0, at) + (random.chance(0.7) ? random.pick(TYPED) : '') + before.slice(at + removed);
  const offsets = Array.from({ length: 12 }, () => random.int(after.length + 1));
  return { before, after, at, offsets };
}

function same(actual: CursorLocation | undefined, expected: CursorLocation | undefined, what: string): void {
  assert.deepEqual(actual, expected, what);
}

describe('locateWithOutline', () => {
  it('property: with an outline of the text itself, answers what reading from the start answers', () =>
    fuzzCases(fuzzSeed(1201), 400, randomDocument, (text) => {
      const outline = outlineOf(text);
      assert.ok(outline.ok);
      for (let offset = 0; offset <= text.length; offset += 1 + (offset % 3)) {
        same(
          locateWithOutline(text, offset, { root: outline.root, unchangedBefore: Infinity }),
          locateFromStart(text, offset),
          `offset ${offset}`,
        );
      }
    }));

  it('property: with an outline of the text before an edit, answers for the edited text, whatever was typed', () =>
    fuzzCases(fuzzSeed(1202), 1500, randomEdit, ({ before, after, at, offsets }) => {
      const outline = outlineOf(before);
      assert.ok(outline.ok);
      for (const offset of offsets) {
        same(
          locateWithOutline(after, offset, { root: outline.root, unchangedBefore: at }),
          locateFromStart(after, offset),
          `offset ${offset} of ${JSON.stringify(after)}`,
        );
      }
    }));

  it('names the path through escaped keys and array items', () => {
    const text = '{"a/b": {"m~n": [1, {"x": "y"}]}, "c": 2}';
    const outline = outlineJson(text, () => true);
    assert.ok(outline.ok);
    const location = locateWithOutline(text, text.indexOf('"y"') + 1, { root: outline.root, unchangedBefore: Infinity });
    assert.deepEqual(location?.path, ['a/b', 'm~n', 1, 'x']);
    assert.deepEqual(location?.previousNode, { type: 'string', offset: text.indexOf('"y"'), length: 3, value: 'y' });
  });
});

describe('CursorLocator', () => {
  /** A persona whose crossed tools array is longer than the locator reads before outlining again. */
  const tools = Array.from({ length: 400 }, (_, i) => ({
    type: 'function',
    function: { name: `tool_${i}`, description: 'd'.repeat(200) },
  }));
  const text = formatPersona({
    persona_id: 'p1',
    layers: { llm: { model: 'tavus-gpt-oss', tools }, tts: { tts_engine: 'cartesia' } },
  });
  const engine = text.indexOf('"cartesia"') + 1;

  function countingLocator(): { locator: CursorLocator; outlines: () => number } {
    let count = 0;
    const locator = new CursorLocator((current) => {
      count++;
      return personaOutline(current);
    });
    return { locator, outlines: () => count };
  }

  it('outlines a long document once and then reads only from the member before the cursor', () => {
    const { locator, outlines } = countingLocator();
    for (let i = 0; i < 3; i++) assert.deepEqual(locator.locate(text, engine)?.path, ['layers', 'tts', 'tts_engine']);
    assert.equal(outlines(), 1);
  });

  it('keeps its outline across edits near the cursor, and outlines again after one far before it', () => {
    const { locator, outlines } = countingLocator();
    locator.locate(text, engine);
    const typed = `${text.slice(0, engine)}x${text.slice(engine)}`;
    locator.edited(engine);
    same(locator.locate(typed, engine + 1), locateFromStart(typed, engine + 1), 'after typing in the value');
    assert.equal(outlines(), 1);
    const inTools = text.indexOf('tool_3"');
    const farEdit = `${typed.slice(0, inTools)}y${typed.slice(inTools)}`;
    locator.edited(inTools);
    same(locator.locate(farEdit, engine + 2), locateFromStart(farEdit, engine + 2), 'after an edit in the tools');
    assert.equal(outlines(), 2);
  });

  it('takes an outline made by someone else, and tries no outline of text that is not JSON twice', () => {
    const { locator, outlines } = countingLocator();
    locator.useOutline(personaOutline(text));
    locator.locate(text, engine);
    assert.equal(outlines(), 0);
    const broken = `${text.slice(0, 10)}"${text.slice(10)}`;
    locator.edited(10);
    for (let i = 0; i < 2; i++) same(locator.locate(broken, engine + 1), locateFromStart(broken, engine + 1), 'broken text');
    assert.equal(outlines(), 1);
  });
});
