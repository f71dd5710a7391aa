import { getLocation, type Location, type Segment } from 'jsonc-parser';
import { elementAt } from './json';
import type { Outline, OutlineNode } from './personaOutline';

/** Where the cursor is, as jsonc-parser's getLocation reports it for the whole text. */
export interface CursorLocation {
  path: Segment[];
  isAtPropertyKey: boolean;
  /** The member name or scalar the cursor is in or right after, if any; its offset is in the whole text. */
  previousNode?: { type: string; offset: number; length: number; value?: unknown };
}

export type LocateCursor = (text: string, offset: number) => CursorLocation | undefined;

/** getLocation of the whole text; undefined only when the text is nested too deeply to read. */
export function locateFromStart(text: string, offset: number): CursorLocation | undefined {
  const location = safeLocation(text, offset);
  return location && cursorLocation(location, [], 0);
}

/** A location read from a part of the text: `path` leads to that part, which starts `shift` characters into the text. */
function cursorLocation(location: Location, path: readonly Segment[], shift: number): CursorLocation {
  const node = location.previousNode;
  return {
    path: [...path, ...location.path],
    isAtPropertyKey: location.isAtPropertyKey,
    // getLocation reuses one node object for every call: this copies it.
    previousNode: node && { type: node.type, offset: node.offset + shift, length: node.length, value: node.value },
  };
}

function safeLocation(text: string, offset: number): Location | undefined {
  try {
    return getLocation(text, offset);
  } catch (error) {
    // jsonc-parser recurses once per nesting level.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** A place to start reading from: the key of an object's member, whose object is at `path`. */
interface Checkpoint {
  offset: number;
  path: Segment[];
}

/** What an outline says about the current text: it was read from a text equal to it before `unchangedBefore`. */
export interface StaleOutline {
  root: OutlineNode;
  unchangedBefore: number;
}

/**
 * Member keys to start reading from, deepest first: in each object on the way to the cursor, the last
 * member whose key starts before both the cursor and the first change since the outline was read.
 * Only objects: getLocation's state before an object's key is the same whatever came before it (which
 * is not so between array items), so reading from there gives what reading from the start gives.
 */
function checkpointsOf(outline: StaleOutline, offset: number): Checkpoint[] {
  const limit = Math.min(offset, outline.unchangedBefore);
  const found: Checkpoint[] = [];
  let path: Segment[] = [];
  for (let node: OutlineNode | undefined = outline.root; node !== undefined && node.span.offset < limit;) {
    const member: OutlineNode | undefined = node.type === 'object' ? lastMemberFrom(node.children ?? [], limit) : undefined;
    if (member === undefined) break;
    found.push({ offset: member.keySpan!.offset, path });
    path = [...path, member.key!];
    node = member;
  }
  return found.reverse();
}

/** The last member whose key starts at or before `limit` (members are in text order). */
function lastMemberFrom(members: readonly OutlineNode[], limit: number): OutlineNode | undefined {
  let low = 0;
  let high = members.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (elementAt(members, middle).keySpan!.offset <= limit) low = middle + 1;
    else high = middle;
  }
  return members[low - 1];
}

const CLOSED = 'closed';

/**
 * getLocation of the text from `checkpoint` to the end of the cursor's line (no token the location
 * depends on crosses a line end: jsonc-parser ends strings there), behind a `{` that stands for the
 * object the checkpoint is in. CLOSED when that object ends before the cursor: the text changed
 * there since the outline, and a checkpoint further out must answer.
 */
function locateFrom(text: string, offset: number, checkpoint: Checkpoint): CursorLocation | undefined | typeof CLOSED {
  const lineEnd = text.indexOf('\n', offset);
  const shift = checkpoint.offset - 1;
  const location = safeLocation(`{${text.slice(checkpoint.offset, lineEnd === -1 ? text.length : lineEnd)}`, offset - shift);
  if (location === undefined) return undefined;
  if (location.path.length === 0) return CLOSED;
  return cursorLocation(location, checkpoint.path, shift);
}

/** getLocation of the whole text, reading only from the nearest checkpoint the outline offers. */
export function locateWithOutline(text: string, offset: number, outline: StaleOutline | undefined): CursorLocation | undefined {
  for (const checkpoint of outline === undefined ? [] : checkpointsOf(outline, offset)) {
    const located = locateFrom(text, offset, checkpoint);
    if (located !== CLOSED) return located;
  }
  return locateFromStart(text, offset);
}

/** Past this many characters between a checkpoint and the cursor, outlining the text again costs less than reading them. */
const READ_LIMIT = 65_536;

/**
 * The cursor locations of one document while it is edited. It keeps an outline of an earlier text
 * and the first offset changed since, so that a completion reads from the member before the cursor
 * instead of from the start of a 5 MB document: every keystroke would otherwise read it all.
 */
export class CursorLocator {
  private outline: StaleOutline | undefined;
  /** Whether outlining the current text failed (it is not JSON now): no point trying again before the next edit. */
  private outlineFailed = false;

  constructor(private readonly outlineText: (text: string) => Outline) {}

  /** The text changed from `offset` on (an editor's change event gives the start in the text before it). */
  edited(offset: number): void {
    if (this.outline !== undefined) this.outline.unchangedBefore = Math.min(this.outline.unchangedBefore, offset);
    this.outlineFailed = false;
  }

  /** An outline of the current text, made by someone else (the schema diagnostics read one anyway). */
  useOutline(outline: Outline): void {
    if (outline.ok) this.outline = { root: outline.root, unchangedBefore: Infinity };
  }

  locate(text: string, offset: number): CursorLocation | undefined {
    if (this.readDistance(offset) > READ_LIMIT && !this.outlineFailed) {
      const outline = this.outlineText(text);
      this.outlineFailed = !outline.ok;
      this.useOutline(outline);
    }
    return locateWithOutline(text, offset, this.outline);
  }

  private readDistance(offset: number): number {
    const [nearest] = this.outline === undefined ? [] : checkpointsOf(this.outline, offset);
    return offset - (nearest?.offset ?? 0);
  }
}
