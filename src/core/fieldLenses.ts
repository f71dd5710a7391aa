import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { stringValue } from './jsonLexemes';
import { toPointer } from './pointer';

/** Fields always offered as text, wherever their string is short. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(['/system_prompt', '/context', '/greeting']);

/** Longer strings than this are offered as text too; so is any string with a line break. */
export const LONG_STRING = 200;

export interface TextFieldSpot {
  pointer: string;
  /** Where the lens goes: the member name's offset, or the string's own in an array. */
  offset: number;
}

/**
 * Beyond this many long strings a document's lenses are its prompt fields only. The workbench
 * keeps and moves every lens on each edit: the 12,000 of a persona with thousands of tool
 * descriptions doubled the time a keystroke took to show. Edit Field as Text in the editor's
 * context menu still opens any string, at the cursor.
 */
export const MAX_LENSES = 100;

/** The strings of a persona document that get an "Edit as text" lens. */
export function personaTextFields(text: string): TextFieldSpot[] {
  const spots = longStringSpots(text, (path) => path.length === 1 && TEXT_FIELDS.has(`/${String(path[0])}`));
  return spots.length > MAX_LENSES ? spots.filter(({ pointer }) => TEXT_FIELDS.has(pointer)) : spots;
}

/** The `value` strings of a patch file's ops that get an "Edit as text" lens: long or multi-line ones. */
export function patchFileTextValues(text: string): TextFieldSpot[] {
  const spots = longStringSpots(text, () => false).filter(({ pointer }) => /^\/\d+\/value$/.test(pointer));
  return spots.length > MAX_LENSES ? [] : spots;
}

export function isLongText(value: string): boolean {
  return value.length > LONG_STRING || value.includes('\n');
}

/** The offset and length of the string literal at `segments` of a JSON (or JSONC) text; undefined when no string is there. */
export function stringLiteralAt(
  text: string,
  segments: readonly string[],
): { offset: number; length: number; value: string } | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const path = segments.map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
  const node = root && findNodeAtLocation(root, path);
  return node?.type === 'string' && typeof node.value === 'string'
    ? { offset: node.offset, length: node.length, value: node.value }
    : undefined;
}

/** Whitespace and (in patch files) comments. */
const GAP = /(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;
const STRING = /"[^"\\]*(?:\\[\s\S][^"\\]*)*"/y;
/** Numbers, literals, and anything else up to the next structural character. */
const OTHER = /[^\s"{}[\],:/]+/y;

interface Frame {
  array: boolean;
  /** Objects: the next string is a member name. */
  expectKey: boolean;
  /** Objects: where the current member's name starts (the lens's place). */
  keyOffset: number;
}

/**
 * The long (or always-offered) strings of a JSON or JSONC text, by one pass of sticky regular
 * expressions: CodeLenses are asked for again after every edit pause, and a parse tree of a 5 MB
 * persona (with a path for each of its strings) took half a second each time. Tolerant like
 * jsonc-parser: a text broken halfway yields the spots before the break.
 */
function longStringSpots(text: string, alwaysOffered: (path: readonly (string | number)[]) => boolean): TextFieldSpot[] {
  const spots: TextFieldSpot[] = [];
  const frames: Frame[] = [];
  const path: (string | number)[] = [];
  let position = 0;
  for (;;) {
    GAP.lastIndex = position;
    GAP.exec(text);
    position = GAP.lastIndex;
    if (position >= text.length) return spots;
    const top = frames[frames.length - 1];
    const char = text[position];
    if (char === '"') {
      STRING.lastIndex = position;
      const raw = STRING.exec(text)?.[0];
      if (raw === undefined) return spots;
      if (top && !top.array && top.expectKey) {
        top.expectKey = false;
        top.keyOffset = position;
        path[path.length - 1] = stringValue(raw);
      } else if (alwaysOffered(path) || (mayBeLongText(raw) && isLongText(stringValue(raw)))) {
        spots.push({ pointer: toPointer(path.map(String)), offset: top && !top.array ? top.keyOffset : position });
      }
      position = STRING.lastIndex;
    } else if (char === '{' || char === '[') {
      frames.push({ array: char === '[', expectKey: char === '{', keyOffset: position });
      path.push(char === '[' ? 0 : '');
      position++;
    } else if (char === '}' || char === ']') {
      frames.pop();
      path.pop();
      position++;
    } else if (char === ',') {
      if (top?.array) path[path.length - 1] = (path[path.length - 1] as number) + 1;
      else if (top) top.expectKey = true;
      position++;
    } else {
      OTHER.lastIndex = position;
      position = OTHER.exec(text) ? OTHER.lastIndex : position + 1;
    }
  }
}

/** Whether the string written as `raw` can be long text: its value is never longer than what is written. */
function mayBeLongText(raw: string): boolean {
  return raw.length - 2 > LONG_STRING || raw.includes('\\') || raw.includes('\n');
}
