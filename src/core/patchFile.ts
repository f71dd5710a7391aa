import { findNodeAtOffset, parseTree, ParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { defineMember, type JsonObject, type JsonValue, type PatchOp, type PatchOpName } from './json';
import { scanJsonLexemes } from './jsonLexemes';
import { describeParseError, duplicateMessage, inexactNumberMessage, problemAt, type TextProblem } from './parseJsonText';
import { parsePointer } from './pointer';

export const PATCH_HEADER_PREFIX = '// tavus-persona:';

export const PATCH_OP_NAMES: readonly PatchOpName[] = ['add', 'remove', 'replace', 'copy', 'move', 'test'];

export interface Span {
  offset: number;
  length: number;
}

export interface PatchHeader {
  personaId: string;
  /** Of the id. */
  span: Span;
}

export function isPatchOpName(value: unknown): value is PatchOpName {
  return PATCH_OP_NAMES.includes(value as PatchOpName);
}

/** A well-formed RFC 6901 pointer (`''` or `/…` with `~` only in `~0`/`~1`). */
export function isPointer(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parsePointer(value);
    return true;
  } catch {
    return false;
  }
}

/** The `// tavus-persona: <id>` header, read from the first line only. */
export function readPatchHeader(text: string): PatchHeader | undefined {
  const lineEnd = text.indexOf('\n');
  const line = lineEnd === -1 ? text : text.slice(0, lineEnd);
  const prefixAt = line.indexOf(PATCH_HEADER_PREFIX);
  // trim() also drops a byte order mark before the header.
  if (prefixAt === -1 || line.slice(0, prefixAt).trim() !== '') return undefined;
  const idStart = prefixAt + PATCH_HEADER_PREFIX.length;
  const rest = line.slice(idStart);
  const personaId = rest.trim();
  if (personaId === '') return undefined;
  return { personaId, span: { offset: idStart + rest.indexOf(personaId), length: personaId.length } };
}

/** Whether a value has at most `limit` nodes, counted only as far as needed. */
export function isSmallJson(value: JsonValue, limit: number): boolean {
  const pending: JsonValue[] = [value];
  for (let counted = 1; pending.length > 0; counted++) {
    const next = pending.pop()!;
    if (typeof next !== 'object' || next === null) continue;
    const children = Object.values(next);
    // Everything pending will be counted too, so the walk can stop before queueing a huge container.
    if (counted + pending.length + children.length > limit) return false;
    pending.push(...children);
  }
  return true;
}

export function patchFileText(personaId: string, ops: readonly PatchOp[]): string {
  return `${PATCH_HEADER_PREFIX} ${personaId}\n${JSON.stringify(ops, null, 2)}\n`;
}

export interface ParsedOpMember<T> {
  value: T;
  /** Of the value, quotes included. */
  span: Span;
  keySpan: Span;
}

/** A member of an op object as written, in order, whatever its name. */
export interface WrittenMember {
  name: string;
  keySpan: Span;
  /** From the key's opening quote to the value's end. */
  span: Span;
}

export interface ParsedOp {
  /** Position in the array. */
  index: number;
  /** Of the op object. */
  span: Span;
  op?: ParsedOpMember<unknown>;
  path?: ParsedOpMember<unknown>;
  from?: ParsedOpMember<unknown>;
  value?: ParsedOpMember<JsonValue>;
  members: WrittenMember[];
}

export type PatchFileProblemCode = 'invalid-json' | 'not-an-array' | 'op-not-an-object' | 'duplicate-member' | 'inexact-number';

export interface PatchFileProblem extends TextProblem {
  code: PatchFileProblemCode;
}

export interface ParsedPatchFile {
  header?: PatchHeader;
  ops: ParsedOp[];
  problems: PatchFileProblem[];
  arraySpan?: Span;
}

/** jsonc-parser's tree of the text; `tooDeep` when nesting overflowed its recursion. */
interface PatchSyntax {
  root: Node | undefined;
  errors: ParseError[];
  tooDeep: boolean;
}

function parseSyntax(text: string): PatchSyntax {
  const errors: ParseError[] = [];
  try {
    return {
      root: parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true }),
      errors,
      tooDeep: false,
    };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { root: undefined, errors: [], tooDeep: true };
  }
}

/** jsonc-parser ends an unterminated block comment, and the nodes around it, one character past the text; spans stay inside it. */
function spanOf(node: Node, textLength: number): Span {
  const offset = Math.min(node.offset, textLength);
  return { offset, length: Math.min(node.length, textLength - offset) };
}

/**
 * The node's JSON value, keeping `__proto__` as an own member (jsonc-parser's getNodeValue would
 * set the prototype). Iterative: a value nested thousands of levels deep must not overflow the stack.
 */
function jsonValueOf(root: Node): JsonValue {
  const rootValue = emptyValueOf(root);
  const pending: Array<[Node, JsonValue]> = [[root, rootValue]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, value] = next;
    for (const [key, child] of childEntries(node)) {
      const childValue = emptyValueOf(child);
      if (Array.isArray(value)) value.push(childValue);
      else defineMember(value as JsonObject, key, childValue);
      pending.push([child, childValue]);
    }
  }
  return rootValue;
}

/** A container without its members yet, or the value of a leaf. */
function emptyValueOf(node: Node): JsonValue {
  if (node.type === 'array') return [];
  if (node.type === 'object') return {};
  return (node.value as JsonValue | undefined) ?? null;
}

function childEntries(node: Node): Array<[string, Node]> {
  if (node.type === 'array') return (node.children ?? []).map((child, i) => [String(i), child]);
  if (node.type !== 'object') return [];
  const entries: Array<[string, Node]> = [];
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key !== undefined && value !== undefined) entries.push([String(key.value), value]);
  }
  return entries;
}

/** The op object's members; a repeated member (reported by parsePatchFile) counts as its last occurrence, as JSON.parse would have it. */
function parsedOp(object: Node, index: number, textLength: number): ParsedOp {
  const parsed: ParsedOp = { index, span: spanOf(object, textLength), members: [] };
  for (const property of object.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key === undefined || value === undefined) continue;
    const name = String(key.value);
    const keySpan = spanOf(key, textLength);
    parsed.members.push({ name, keySpan, span: spanOf(property, textLength) });
    const member = { value: jsonValueOf(value), span: spanOf(value, textLength), keySpan };
    if (name === 'op' || name === 'path' || name === 'from' || name === 'value') parsed[name] = member;
  }
  return parsed;
}

function problem(text: string, code: PatchFileProblemCode, span: Span, message: string): PatchFileProblem {
  return { code, ...problemAt(text, span.offset, span.length, message) };
}

const NOT_AN_ARRAY =
  'A patch file holds one JSON array of ops after the header: [ { "op": "replace", "path": "/…", "value": … } ].';

/** Repeated members and numbers that would not be sent as written, marked like syntax errors: the ops are not used until they are fixed. */
function lexemeProblems(text: string): PatchFileProblem[] {
  const { duplicateMembers, inexactNumbers } = scanJsonLexemes(text);
  return [
    ...duplicateMembers.map((duplicate) => problem(text, 'duplicate-member', duplicate, duplicateMessage(text, duplicate))),
    ...inexactNumbers.map((number) => problem(text, 'inexact-number', number, inexactNumberMessage(number))),
  ].sort((a, b) => a.offset - b.offset);
}

/** Reads a patch file as far as it can: comments and trailing commas are fine, and errors leave what parsed. Never throws. */
export function parsePatchFile(text: string): ParsedPatchFile {
  const header = readPatchHeader(text);
  const { root, errors, tooDeep } = parseSyntax(text);
  const problems = errors.map((error) => problem(text, 'invalid-json', error, `${describeParseError(error.error)}.`));
  if (errors.length === 0 && !tooDeep) problems.push(...lexemeProblems(text));
  if (tooDeep) problems.push(problem(text, 'invalid-json', { offset: 0, length: 0 }, 'The text is nested too deeply to read.'));
  if (root === undefined || root.type !== 'array') {
    const span = root === undefined ? { offset: text.length, length: 0 } : spanOf(root, text.length);
    if (!tooDeep) problems.push(problem(text, 'not-an-array', span, NOT_AN_ARRAY));
    return { header, ops: [], problems };
  }
  const ops: ParsedOp[] = [];
  (root.children ?? []).forEach((item, index) => {
    if (item.type === 'object') ops.push(parsedOp(item, index, text.length));
    else {
      problems.push(
        problem(text, 'op-not-an-object', spanOf(item, text.length), 'Each op is an object: { "op": …, "path": … }.'),
      );
    }
  });
  return { header, ops, problems, arraySpan: spanOf(root, text.length) };
}

/** The op as RFC 6902 has it, or undefined when a member it needs is missing or malformed. */
export function toPatchOp(parsed: ParsedOp): PatchOp | undefined {
  const name = parsed.op?.value;
  const path = parsed.path?.value;
  if (!isPatchOpName(name) || !isPointer(path)) return undefined;
  if (name === 'copy' || name === 'move') {
    const from = parsed.from?.value;
    return isPointer(from) ? { op: name, from, path } : undefined;
  }
  if (name === 'remove') return { op: name, path };
  return parsed.value === undefined ? undefined : { op: name, path, value: parsed.value.value };
}

/** The ops as values, or undefined when the text or any op cannot be used as it is. */
export function opsOf(parsed: ParsedPatchFile): PatchOp[] | undefined {
  if (parsed.problems.length > 0) return undefined;
  const ops: PatchOp[] = [];
  for (const op of parsed.ops) {
    const patchOp = toPatchOp(op);
    if (patchOp === undefined) return undefined;
    ops.push(patchOp);
  }
  return ops;
}

/** A member value being written, as completion and hover see it. */
export interface ValueCursor {
  kind: 'value';
  op: ParsedOp;
  /** The member's name: `op`, `path`, `value`, … */
  member: string;
  /** Undefined while nothing follows the colon. */
  value?: {
    span: Span;
    json: JsonValue;
    /** For strings: between the quotes, or to the line's end when the string is not closed. */
    content?: Span;
  };
}

/** A place in the array, outside any op, where a new op could be written. */
export interface NewOpCursor {
  kind: 'newOp';
  /** Whether a comma must separate the new op from the op before or after it. */
  commaBefore: boolean;
  commaAfter: boolean;
}

export type PatchCursor = ValueCursor | NewOpCursor;

/** What the cursor is on, for completion and hover; undefined anywhere else (keys, nested values, the header). */
export function cursorAt(text: string, offset: number): PatchCursor | undefined {
  const { root, errors } = parseSyntax(text);
  if (root?.type !== 'array' || !isInsideArray(text, root, offset)) return undefined;
  const node = findNodeAtOffset(root, offset, true);
  const cursor = node === undefined ? undefined : valueCursor(root, node, offset, errors, text.length);
  if (cursor !== undefined) return cursor;
  // Without the right bound, the end of an op object counts as outside it, where a new op may follow.
  const inner = findNodeAtOffset(root, offset, false) ?? root;
  return inner === root ? newOpCursor(text, root, offset) : undefined;
}

/** Between the brackets; up to the text's end when the array is not closed yet. */
function isInsideArray(text: string, root: Node, offset: number): boolean {
  const end = root.offset + root.length;
  const closed = text[end - 1] === ']';
  return offset > root.offset && (offset < end || (offset === end && !closed));
}

function newOpCursor(text: string, root: Node, offset: number): NewOpCursor {
  const items = root.children ?? [];
  const before = items.filter((item) => item.offset + item.length <= offset).pop();
  const after = items.find((item) => item.offset >= offset);
  return {
    kind: 'newOp',
    commaBefore: before !== undefined && !text.slice(before.offset + before.length, offset).includes(','),
    commaAfter: after !== undefined && !text.slice(offset, after.offset).includes(','),
  };
}

function valueCursor(
  root: Node,
  node: Node,
  offset: number,
  errors: readonly ParseError[],
  textLength: number,
): ValueCursor | undefined {
  const property = node.type === 'property' ? node : node.parent;
  const object = property?.parent;
  if (property?.type !== 'property' || object?.type !== 'object' || object.parent !== root) return undefined;
  const [key, value] = property.children ?? [];
  if (key === undefined || node === key) return undefined;
  const op = parsedOp(object, (root.children ?? []).indexOf(object), textLength);
  const member = String(key.value);
  if (node === property) {
    const afterColon = property.colonOffset !== undefined && offset > property.colonOffset;
    return value === undefined && afterColon ? { kind: 'value', op, member } : undefined;
  }
  if (node !== value) return undefined;
  const content = node.type === 'string' ? stringContent(node, errors) : undefined;
  if (content !== undefined && (offset < content.offset || offset > content.offset + content.length)) return undefined;
  return { kind: 'value', op, member, value: { span: spanOf(node, textLength), json: jsonValueOf(node), content } };
}

function stringContent(node: Node, errors: readonly ParseError[]): Span {
  const unterminated = errors.some(
    (error) => error.error === ParseErrorCode.UnexpectedEndOfString && error.offset === node.offset,
  );
  return { offset: node.offset + 1, length: Math.max(0, node.length - (unterminated ? 1 : 2)) };
}
