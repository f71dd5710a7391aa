import type { ReferenceKind } from './references';
import type { JsonValue, PatchOpName, Persona } from './json';
import { cursorAt, isPointer, isSmallJson, PATCH_OP_NAMES, type NewOpCursor, type Span, type ValueCursor } from './patchFile';
import { clip, counted } from './text';
import { knownField, knownFieldsUnder, type FieldReference } from './personaRules';
import { referenceValues, type ReferenceLookup } from './referenceValues';
import { buildPointerIndex, escapeSegment, getAtPointer, type PointerEntry, type PointerIndex } from './pointer';

export type CandidateKind = 'pointer' | 'op' | 'value' | 'snippet';

export interface CompletionCandidate {
  label: string;
  insertText: string;
  kind: CandidateKind;
  detail?: string;
  documentation?: string;
  /** The text to replace. */
  span: Span;
  sortText?: string;
  isSnippet?: boolean;
}

const OP_DESCRIPTIONS: Record<PatchOpName, string> = {
  add: 'Add a member, insert an array item, or set a member that exists',
  remove: 'Remove a member or array item',
  replace: 'Replace the value of an existing member or item',
  copy: 'Copy the value at "from" to "path"',
  move: 'Move the value at "from" to "path"',
  test: 'Check the value at "path"; Tavus rejects the whole patch if it differs',
};

/** The snippet body of each op; the first one lets the op be chosen. */
const OP_SNIPPETS: ReadonlyArray<[label: string, body: string, detail: string]> = [
  ['op', `{ "op": "\${1|${PATCH_OP_NAMES.join(',')}|}", "path": "$2", "value": $3 }`, 'A JSON Patch op'],
  ...PATCH_OP_NAMES.map((name): [string, string, string] => [`${name} op`, opSnippet(name), OP_DESCRIPTIONS[name]]),
];

function opSnippet(name: PatchOpName): string {
  if (name === 'remove') return `{ "op": "remove", "path": "$1" }`;
  if (name === 'copy' || name === 'move') return `{ "op": "${name}", "from": "$1", "path": "$2" }`;
  return `{ "op": "${name}", "path": "$1", "value": $2 }`;
}

/** Completion candidates at `offset` of a patch file's text. `index` indexes `persona` (built here if missing). */
export function completionsAt(
  text: string,
  offset: number,
  persona: Persona | undefined,
  index: PointerIndex | undefined,
  references?: ReferenceLookup,
): CompletionCandidate[] {
  const cursor = cursorAt(text, offset);
  if (cursor === undefined) return [];
  if (cursor.kind === 'newOp') return snippetCandidates(cursor, offset);
  if (cursor.member === 'value') return valueCandidates(cursor, offset, persona, references);
  const typed = typedAt(cursor, text, offset);
  if (typed === undefined) return [];
  if (cursor.member === 'op') return opNameCandidates(typed);
  if (cursor.member === 'path' || cursor.member === 'from') {
    const pointers = persona === undefined ? undefined : (index ?? buildPointerIndex(persona));
    return pointerCandidates(cursor, typed, pointers);
  }
  return [];
}

function snippetCandidates(cursor: NewOpCursor, offset: number): CompletionCandidate[] {
  const before = cursor.commaBefore ? ', ' : '';
  const after = cursor.commaAfter ? ',' : '';
  return OP_SNIPPETS.map(([label, body, detail], position) => ({
    label,
    insertText: `${before}${body}${after}`,
    kind: 'snippet',
    detail,
    span: { offset, length: 0 },
    sortText: sortKey(position),
    isSnippet: true,
  }));
}

function sortKey(position: number): string {
  return String(position).padStart(6, '0');
}

/** What a string value holds before the cursor, and the span a candidate replaces. */
interface Typed {
  text: string;
  span: Span;
  /** Whether the cursor is inside quotes; if not, candidates bring their own. */
  quoted: boolean;
}

/** Undefined on a value that is not a string. */
function typedAt(cursor: ValueCursor, fileText: string, offset: number): Typed | undefined {
  const value = cursor.value;
  if (value === undefined) return { text: '', span: { offset, length: 0 }, quoted: false };
  const content = value.content;
  if (content === undefined) return undefined;
  const raw = fileText.slice(content.offset, offset);
  // An unclosed string runs to the line's end, so only what precedes the cursor is replaced.
  const closed = content.offset + content.length < value.span.offset + value.span.length;
  return { text: decodeJsonString(raw), span: closed ? content : { offset: content.offset, length: raw.length }, quoted: true };
}

function decodeJsonString(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** The text that puts `value` where the cursor is: escaped inside quotes, a whole JSON string outside them. */
function stringInsert(value: string, typed: Typed): string {
  const json = JSON.stringify(value);
  return typed.quoted ? json.slice(1, -1) : json;
}

function opNameCandidates(typed: Typed): CompletionCandidate[] {
  return PATCH_OP_NAMES.map((name, position) => ({
    label: name,
    insertText: stringInsert(name, typed),
    kind: 'op',
    detail: OP_DESCRIPTIONS[name],
    span: typed.span,
    sortText: sortKey(position),
  }));
}

interface PointerOption {
  pointer: string;
  detail: string;
  documentation: string;
}

/** Enough to choose from; a longer array is reached by typing digits of the index (the list is re-asked for as one types). */
const MAX_EXISTING_CANDIDATES = 200;

/**
 * The children of the container named by what is typed up to its last "/", narrowed by the segment
 * after it. Where the op creates `path` (add, copy, move), also "/-" for arrays and the known fields
 * the persona lacks. Without a persona, the known fields alone.
 */
function pointerCandidates(cursor: ValueCursor, typed: Typed, index: PointerIndex | undefined): CompletionCandidate[] {
  const pointer = typed.text.startsWith('/') ? typed.text : `/${typed.text}`;
  const parent = pointer.slice(0, pointer.lastIndexOf('/'));
  const segment = pointer.slice(parent.length + 1);
  const fits = (escapedKey: string) => isSubsequence(segment, escapedKey);
  const options =
    index === undefined
      ? knownFieldsUnder(parent)
          .filter((field) => fits(field.key))
          .map(referenceOption)
      : personaOptions(index, parent, fits, createsPath(cursor));
  return options.map((option, position) => ({
    label: option.pointer,
    insertText: stringInsert(option.pointer, typed),
    kind: 'pointer',
    detail: option.detail,
    documentation: option.documentation,
    span: typed.span,
    sortText: sortKey(position),
  }));
}

function createsPath(cursor: ValueCursor): boolean {
  const name = cursor.op.op?.value;
  return cursor.member === 'path' && (name === 'add' || name === 'copy' || name === 'move');
}

function personaOptions(
  index: PointerIndex,
  parent: string,
  fits: (escapedKey: string) => boolean,
  creates: boolean,
): PointerOption[] {
  const existing = firstFitting(index.childrenOf(parent), fits).map(entryOption);
  const container = index.lookup(parent);
  if (!creates || container === undefined) return existing;
  if (container.type === 'array') return fits('-') ? [...existing, appendOption(container)] : existing;
  if (container.type !== 'object') return existing;
  return [
    ...existing,
    ...missingFields(container)
      .filter((field) => fits(field.key))
      .map(referenceOption),
  ];
}

/** Matches only the escaped key, so no pointer is built for a child that does not fit. */
function firstFitting(entries: readonly PointerEntry[], fits: (escapedKey: string) => boolean): PointerEntry[] {
  const fitting: PointerEntry[] = [];
  for (const entry of entries) {
    if (fitting.length === MAX_EXISTING_CANDIDATES) break;
    if (fits(escapeSegment(entry.key ?? ''))) fitting.push(entry);
  }
  return fitting;
}

function entryOption(entry: PointerEntry): PointerOption {
  return { pointer: entry.pointer, detail: entry.type, documentation: entry.preview };
}

function referenceOption(field: FieldReference): PointerOption {
  const detail = `${field.types.join(' | ')}${field.deprecated ? ' (deprecated)' : ''}`;
  return { pointer: field.pointer, detail, documentation: field.description };
}

function appendOption(array: PointerEntry): PointerOption {
  const count = array.children.length;
  return { pointer: `${array.pointer}/-`, detail: 'end of array', documentation: `Appends to the ${counted(count, 'item')}.` };
}

/** Known fields the object lacks; fields Tavus sets are left out, as a patch cannot add them. */
function missingFields(object: PointerEntry): FieldReference[] {
  return knownFieldsUnder(object.pointer).filter((field) => !field.readOnly && !Object.hasOwn(object.value as object, field.key));
}

/** Whether the characters of `typed` appear in `candidate` in order, ignoring case: a loose filter, like the editor's. */
function isSubsequence(typed: string, candidate: string): boolean {
  const lower = candidate.toLowerCase();
  let from = 0;
  for (const char of typed.toLowerCase()) {
    from = lower.indexOf(char, from) + 1;
    if (from === 0) return false;
  }
  return true;
}

/** A current value larger than this many JSON nodes is not offered: it would be slow to write out and unreadable. */
const MAX_OFFERED_VALUE_NODES = 200;
const VALUE_LABEL_LENGTH = 60;

/** The list whose ids or tags the `value` at `offset` takes, so the adapter can load it before completing. */
export function valueReferenceKindAt(text: string, offset: number): ReferenceKind | undefined {
  const cursor = cursorAt(text, offset);
  if (cursor?.kind !== 'value' || cursor.member !== 'value' || !isPointer(cursor.op.path?.value)) return undefined;
  const reference = valueFieldOf(cursor.op.path.value)?.reference;
  if (reference === 'documentTags') return 'documents';
  if (reference === 'guardrailTags') return 'guardrails';
  return reference;
}

/** The field whose values `path` takes: the field itself, or for an item of a list of ids (`/document_ids/-`) the list. */
export function valueFieldOf(path: string): FieldReference | undefined {
  const field = knownField(path);
  if (field !== undefined) return field;
  const list = knownField(path.slice(0, path.lastIndexOf('/')));
  return list?.itemType !== undefined && /\/(?:-|\d+)$/.test(path) ? list : undefined;
}

/** The current value for replace and test, the known values of the field, and the account's ids for id fields. */
function valueCandidates(
  cursor: ValueCursor,
  offset: number,
  persona: Persona | undefined,
  references: ReferenceLookup | undefined,
): CompletionCandidate[] {
  const span = replacedValueSpan(cursor, offset);
  const name = cursor.op.op?.value;
  const path = cursor.op.path?.value;
  if (span === undefined || !isPointer(path)) return [];
  const current =
    persona !== undefined && (name === 'replace' || name === 'test') ? getAtPointer(persona, path) : { found: false as const };
  const values: Array<[JsonValue, string]> = [];
  if (current.found && isSmallJson(current.value, MAX_OFFERED_VALUE_NODES)) values.push([current.value, 'current value']);
  if (name === 'add' || name === 'replace' || name === 'test') {
    const others = (knownField(path)?.enum ?? []).filter((known) => !current.found || known !== current.value);
    for (const known of others) values.push([known, 'known value']);
    for (const live of referenceValues(valueFieldOf(path), references)) values.push([live.value, live.detail]);
  }
  return values.map(([value, detail], position) => {
    const json = JSON.stringify(value);
    return { label: clip(json, VALUE_LABEL_LENGTH), insertText: json, kind: 'value', detail, span, sortText: sortKey(position) };
  });
}

/** The value written so far when it is a scalar; nothing to replace when none is written; undefined on `{` or `[`. */
function replacedValueSpan(cursor: ValueCursor, offset: number): Span | undefined {
  const value = cursor.value;
  if (value === undefined) return { offset, length: 0 };
  return typeof value.json === 'object' && value.json !== null ? undefined : value.span;
}
