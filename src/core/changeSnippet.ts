import { jsonEqual } from './diff';
import type { JsonValue, PatchOp, Persona } from './json';
import { applyOps } from './patchedCopy';
import { parsePointer, valueAt } from './pointer';
import { isSecretPath } from './redact';
import { describePatchOp } from './requestLog';

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Whether cutting `text` before index `at` would separate a surrogate pair. */
function splitsPair(text: string, at: number): boolean {
  return at > 0 && at < text.length && isHighSurrogate(text.charCodeAt(at - 1)) && isLowSurrogate(text.charCodeAt(at));
}

/**
 * The index of the first UTF-16 code unit where the strings differ (the shorter one's length when it
 * is a prefix of the other), moved back to the start of a surrogate pair it would split in either
 * string; -1 when they are equal.
 */
export function firstDifference(a: string, b: string): number {
  if (a === b) return -1;
  const index = commonPrefixLength(a, b, Math.min(a.length, b.length));
  return splitsPair(a, index) || splitsPair(b, index) ? index - 1 : index;
}

/**
 * Whole chunks are compared as strings first: a native comparison of 4,096 code units costs about what
 * a few JavaScript loop turns do, and a one-character edit of a 1 MB prompt would otherwise be a
 * million of them (twice: the common prefix and the common suffix).
 */
const CHUNK = 4096;

/** How many leading code units `a` and `b` share, at most `limit`. */
function commonPrefixLength(a: string, b: string, limit: number): number {
  let index = 0;
  while (index + CHUNK <= limit && a.slice(index, index + CHUNK) === b.slice(index, index + CHUNK)) index += CHUNK;
  while (index < limit && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  return index;
}

/** How many trailing code units `a` and `b` share, at most `limit`. */
function commonSuffixLength(a: string, b: string, limit: number): number {
  let suffix = 0;
  while (
    suffix + CHUNK <= limit &&
    a.slice(a.length - suffix - CHUNK, a.length - suffix) === b.slice(b.length - suffix - CHUNK, b.length - suffix)
  ) {
    suffix += CHUNK;
  }
  while (suffix < limit && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return suffix;
}

/**
 * One change between two strings, as a snippet shows it: `before` = `…left removed right…`, `after` =
 * `…left added right…`, both starting at `start`. `removed`/`added` are cut short (`clipped`) when very
 * long, and then `right` is empty: it would not follow what is shown.
 */
export interface ChangeParts {
  start: number;
  left: string;
  removed: string;
  added: string;
  right: string;
  /** Text before `left` / after `right` (or after the clipped middle) was left out. */
  cutBefore: boolean;
  cutAfter: boolean;
  clipped: boolean;
}

/** `after` is `before` with `before.slice(start, end)` replaced by `inserted`. */
export interface ChangedSpan {
  start: number;
  end: number;
  inserted: string;
}

/** The one span that turns `before` into `after` (their common prefix and suffix kept); undefined when equal. */
export function changedSpan(before: string, after: string): ChangedSpan | undefined {
  const start = firstDifference(before, after);
  if (start === -1) return undefined;
  const end = middleEnd(before, after, start);
  return { start, end, inserted: after.slice(start, end + after.length - before.length) };
}

/** The changed middle is shown in full up to this many times the context. */
const MIDDLE_PER_CONTEXT = 3;

/** The parts of the snippet around the first difference; undefined when the strings are equal. */
export function changeParts(before: string, after: string, context = 30): ChangeParts | undefined {
  const from = firstDifference(before, after);
  if (from === -1) return undefined;
  const beforeEnd = middleEnd(before, after, from);
  const afterEnd = beforeEnd + after.length - before.length;
  const leftStart = contextStart(before, from, context);
  const limit = context * MIDDLE_PER_CONTEXT;
  const removed = before.slice(from, beforeEnd);
  const added = after.slice(from, afterEnd);
  const clipped = removed.length > limit || added.length > limit;
  const rightEnd = clipped ? beforeEnd : contextEnd(before, beforeEnd, context);
  return {
    start: leftStart,
    left: before.slice(leftStart, from),
    removed: clipped ? clipText(removed, limit) : removed,
    added: clipped ? clipText(added, limit) : added,
    right: before.slice(beforeEnd, rightEnd),
    cutBefore: leftStart > 0,
    cutAfter: clipped ? beforeEnd < before.length || afterEnd < after.length : rightEnd < before.length,
    clipped,
  };
}

/**
 * `…question 1500 by [+carefully ]quoting…`: the first change with up to `context` characters either
 * side; insertions `[+…]`, deletions `[-…]`, replacements `[-old][+new]`. Line breaks and tabs are shown
 * as `\n`, `\r`, `\t` so the snippet stays one line. Empty when the strings are equal.
 */
export function changeSnippet(before: string, after: string, context = 30): string {
  const parts = changeParts(before, after, context);
  if (parts === undefined) return '';
  const mark = (sign: string, text: string) => (text === '' ? '' : `[${sign}${text}${parts.clipped ? '…' : ''}]`);
  const shown = `${parts.left}${mark('-', parts.removed)}${mark('+', parts.added)}${parts.right}`;
  return `${parts.cutBefore ? '…' : ''}${oneLine(shown)}${parts.cutAfter && !parts.clipped ? '…' : ''}`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

/** Where the changed middle of `before` ends: the longest common suffix, not reaching back past `from`, never inside a pair. */
function middleEnd(before: string, after: string, from: number): number {
  const suffix = commonSuffixLength(before, after, Math.min(before.length, after.length) - from);
  const end = before.length - suffix;
  const afterEnd = after.length - suffix;
  return suffix > 0 && (splitsPair(before, end) || splitsPair(after, afterEnd)) ? end + 1 : end;
}

/** Up to `context` characters back from `from`, starting after a space when one is near, never inside a pair. */
function contextStart(text: string, from: number, context: number): number {
  if (from <= context) return 0;
  let start = from - context;
  const space = text.slice(start, start + Math.floor(context / 2)).search(/\s\S/);
  if (space !== -1) start += space + 1;
  return splitsPair(text, start) ? start + 1 : start;
}

/** Up to `context` characters on from `end`, stopping before a space when one is near, never inside a pair. */
function contextEnd(text: string, end: number, context: number): number {
  if (text.length - end <= context) return text.length;
  const half = Math.floor(context / 2);
  let stop = end + context;
  const space = text.slice(stop - half, stop).search(/\S\s\S*$/);
  if (space !== -1) stop = stop - half + space + 1;
  return splitsPair(text, stop) ? stop - 1 : stop;
}

/** The first `limit` code units, one fewer if that would split a pair (the ellipsis is the caller's). */
function clipText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return text.slice(0, splitsPair(text, limit) ? limit - 1 : limit);
}

/** Strings longer than this are shown as a snippet around the change rather than from their start. */
const LONG_STRING = 80;

export interface OpsDescription {
  /** One line per op, in order. */
  lines: string[];
  /** Ops that change the persona; `test` guards and ops that leave a value as it was are not counted. */
  realChanges: number;
}

/**
 * The preview's op list: one line per op as the log has it (describePatchOps, secrets redacted), except
 * that a `replace` of a long string shows a snippet around its first difference, a `test` op is marked
 * as a guard, and an op that changes nothing is marked "(no change)". Ops are followed on a copy of
 * `base`, so an op is judged against what the ops before it left.
 */
export function describeOps(base: Persona, ops: readonly PatchOp[]): OpsDescription {
  // Copy-on-write: a deep clone of a persona with a 1 MB prompt would cost more than the whole save plan.
  let doc: JsonValue = base;
  let realChanges = 0;
  const lines = ops.map((op) => {
    if (op.op === 'test') return `${describePatchOp(op)} (guard)`;
    const line = describeOp(doc, op);
    const changed = changes(doc, op);
    doc = appliedOrUndefined(doc, op) ?? doc;
    if (!changed) return `${line} (no change)`;
    realChanges++;
    return line;
  });
  return { lines, realChanges };
}

function describeOp(doc: JsonValue, op: PatchOp): string {
  const before = lookup(doc, op.path);
  const long =
    typeof before === 'string' && typeof op.value === 'string' && Math.max(before.length, op.value.length) > LONG_STRING;
  if (op.op !== 'replace' || !long || before === op.value || isSecret(op.path)) return describePatchOp(op);
  return `replace ${op.path}: ${changeSnippet(before, op.value as string)}`;
}

/** Whether the op leaves `doc` different; an insertion into an array always does. */
function changes(doc: JsonValue, op: PatchOp): boolean {
  if (op.op === 'remove') return true;
  if (op.op === 'move') return op.from !== op.path;
  const parent = lookup(doc, op.path.slice(0, op.path.lastIndexOf('/')));
  if (op.op !== 'replace' && Array.isArray(parent)) return true;
  const value = op.op === 'copy' ? lookup(doc, op.from ?? '') : op.value;
  const current = lookup(doc, op.path);
  return value === undefined || current === undefined || !jsonEqual(current, value);
}

/**
 * The document after the op, or undefined when it cannot be followed (it does not apply, or names a
 * prototype member, which fast-json-patch refuses so that nothing outside the copy is touched).
 */
function appliedOrUndefined(doc: JsonValue, op: PatchOp): JsonValue | undefined {
  try {
    return applyOps(doc, [op]);
  } catch {
    return undefined;
  }
}

function lookup(doc: JsonValue, pointer: string): JsonValue | undefined {
  try {
    return valueAt(doc, pointer);
  } catch {
    return undefined;
  }
}

function isSecret(pointer: string): boolean {
  try {
    return isSecretPath(parsePointer(pointer));
  } catch {
    return false;
  }
}
