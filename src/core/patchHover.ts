import { elementAt, isJsonObject, memberAt, type JsonObject, type JsonValue, type Persona } from './json';
import { cursorAt, type Span } from './patchFile';
import { clip, counted } from './text';
import { describeForSchema } from './personaSchema';
import { knownField } from './personaRules';
import { describeId, type ReferenceLookup } from './referenceValues';
import { valueFieldOf } from './patchCompletion';
import { getAtPointer, parsePointer } from './pointer';

export interface HoverInfo {
  pointer: string;
  span: Span;
  markdown: string;
}

const MAX_LINES = 40;
const MAX_LINE_LENGTH = 200;

/**
 * On a `path` or `from` string: the persona's current value there (pretty, cut after about 40 lines)
 * or that it is not in the persona, with the field's reference description when it is a known field.
 */
export function hoverAt(
  text: string,
  offset: number,
  persona: Persona | undefined,
  references?: ReferenceLookup,
): HoverInfo | undefined {
  const cursor = cursorAt(text, offset);
  if (cursor?.kind === 'value' && cursor.member === 'value') {
    return referencedValueHover(cursor.op.path?.value, cursor.value, references);
  }
  if (cursor?.kind !== 'value' || (cursor.member !== 'path' && cursor.member !== 'from')) return undefined;
  const value = cursor.value;
  if (value === undefined || typeof value.json !== 'string') return undefined;
  const pointer = value.json;
  const parts = [`**${codeSpan(pointer === '' ? '""' : pointer)}**`, ...describePointer(pointer, persona)];
  return parts.length === 1 ? undefined : { pointer, span: value.span, markdown: parts.join('\n\n') };
}

function describePointer(pointer: string, persona: Persona | undefined): string[] {
  let segments: string[];
  try {
    segments = parsePointer(pointer);
  } catch (failure) {
    return [(failure as Error).message];
  }
  const field = knownField(pointer);
  const reference = field === undefined ? undefined : describeForSchema(field);
  const described = reference === undefined ? [] : [reference];
  if (persona === undefined) return described;
  const current = getAtPointer(persona, pointer);
  if (current.found) return [...described, `\`\`\`json\n${prettyJson(current.value, MAX_LINES)}\n\`\`\``];
  return [...described, absenceNote(persona, pointer, segments)];
}

/** On the `value` of an op on an id field: the item that id names in the account, or that it names none. */
function referencedValueHover(
  path: unknown,
  value: { json: unknown; span: Span } | undefined,
  references: ReferenceLookup | undefined,
): HoverInfo | undefined {
  if (typeof path !== 'string' || value === undefined || typeof value.json !== 'string') return undefined;
  const described = describeId(valueFieldOf(path), value.json, references);
  return described === undefined ? undefined : { pointer: path, span: value.span, markdown: described };
}

function absenceNote(persona: Persona, pointer: string, segments: readonly string[]): string {
  if (segments[segments.length - 1] === '-') {
    const array = getAtPointer(persona, pointer.slice(0, -2));
    if (array.found && Array.isArray(array.value)) {
      return `The end of an array of ${counted(array.value.length, 'item')}: \`add\` appends here.`;
    }
  }
  return 'Not in the persona.';
}

/** Inline code that survives backticks in the text. */
function codeSpan(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text}${fence}`;
}

/**
 * JSON.stringify(value, null, 2), stopping after `maxLines` lines with a "…" line, so that a huge
 * value costs only what is shown.
 */
function prettyJson(value: JsonValue, maxLines: number): string {
  const lines: string[] = [];
  let truncated = false;
  const push = (line: string): boolean => {
    truncated = lines.length >= maxLines;
    if (!truncated) lines.push(clip(line, MAX_LINE_LENGTH));
    return !truncated;
  };
  const write = (item: JsonValue, indent: string, head: string, tail: string): boolean => {
    const keys = isJsonObject(item) ? Object.keys(item) : undefined;
    const count = Array.isArray(item) ? item.length : (keys?.length ?? 0);
    if (count === 0) return push(`${indent}${head}${JSON.stringify(item)}${tail}`);
    const [open, close] = keys === undefined ? ['[', ']'] : ['{', '}'];
    if (!push(`${indent}${head}${open}`)) return false;
    for (let i = 0; i < count; i++) {
      const key = keys === undefined ? undefined : elementAt(keys, i);
      const childHead = key === undefined ? '' : `${JSON.stringify(key)}: `;
      const child = key === undefined ? elementAt(item as JsonValue[], i) : memberAt(item as JsonObject, key);
      if (!write(child, `${indent}  `, childHead, i < count - 1 ? ',' : '')) return false;
    }
    return push(`${indent}${close}${tail}`);
  };
  write(value, '', '', '');
  return truncated ? `${lines.join('\n')}\n…` : lines.join('\n');
}
