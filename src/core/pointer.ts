import { elementAt, isJsonObject, memberAt, type JsonValue } from './json';
import { clip, counted } from './text';

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function escapeSegment(segment: string): string {
  // Most keys need no escaping; skipping the regexes keeps pointer building cheap on big documents.
  if (!segment.includes('~') && !segment.includes('/')) {
    return segment;
  }
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** RFC 6901 decoding in one pass, so `~01` becomes `~1` and not `/`. Throws on `~` not followed by 0 or 1. */
export function unescapeSegment(segment: string): string {
  if (/~(?![01])/.test(segment)) {
    throw new Error(`Invalid JSON pointer segment "${segment}": "~" must be followed by 0 or 1`);
  }
  return segment.replace(/~[01]/g, (escape) => (escape === '~0' ? '~' : '/'));
}

export function toPointer(segments: readonly string[]): string {
  return segments.map((segment) => `/${escapeSegment(segment)}`).join('');
}

/** The unescaped segments of a pointer; `''` (the whole document) gives `[]`. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    throw new Error(`Invalid JSON pointer "${pointer}": it must be empty or start with "/"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => {
      try {
        return unescapeSegment(segment);
      } catch (error) {
        throw new Error(`Invalid JSON pointer "${pointer}": ${(error as Error).message}`);
      }
    });
}

export type PointerLookup = { found: true; value: JsonValue } | { found: false };

/** An RFC 6901 array index: digits without leading zeros (`-` is not one: it names no existing element). */
export function isArrayIndexSegment(segment: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(segment);
}

/** The child of a container by segment, seeing only own members (so `toString` of an object is absent). */
function childOf(value: JsonValue, segment: string): PointerLookup {
  if (Array.isArray(value)) {
    const element = isArrayIndexSegment(segment) ? value[Number(segment)] : undefined;
    return element === undefined ? { found: false } : { found: true, value: element };
  }
  if (isJsonObject(value) && Object.prototype.hasOwnProperty.call(value, segment)) {
    return { found: true, value: memberAt(value, segment) };
  }
  return { found: false };
}

/** Resolves a pointer in a document. Throws on a malformed pointer; a well-formed one that leads nowhere is `{found: false}`. */
export function getAtPointer(doc: JsonValue, pointer: string): PointerLookup {
  let current: PointerLookup = { found: true, value: doc };
  for (const segment of parsePointer(pointer)) {
    current = childOf(current.value, segment);
    if (!current.found) {
      return current;
    }
  }
  return current;
}

/** The value at a pointer, undefined when the pointer leads nowhere. Throws on a malformed pointer. */
export function valueAt(doc: JsonValue, pointer: string): JsonValue | undefined {
  const found = getAtPointer(doc, pointer);
  return found.found ? found.value : undefined;
}

export type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export interface PointerEntry {
  readonly pointer: string;
  /** Unescaped member name or array index; undefined for the root. */
  readonly key: string | undefined;
  readonly parent: PointerEntry | undefined;
  readonly value: JsonValue;
  readonly type: JsonType;
  /** One line: a quoted string of at most ~60 characters, a number, `{…} 3 keys`, `[…] 5 items`. */
  readonly preview: string;
  readonly depth: number;
  readonly children: readonly PointerEntry[];
}

export interface PointerIndex {
  /** Every pointer of the document, root first, in document (pre-)order. */
  readonly entries: readonly PointerEntry[];
  lookup(pointer: string): PointerEntry | undefined;
  childrenOf(pointer: string): readonly PointerEntry[];
  /** Entries whose pointer starts with `prefix` as a string (`/layers/ll` matches `/layers/llm/model`), in document order. */
  withPrefix(prefix: string): readonly PointerEntry[];
}

const PREVIEW_STRING_LENGTH = 60;

function typeOf(value: JsonValue): JsonType {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  return typeof value as 'object' | 'string' | 'number' | 'boolean';
}

function previewOf(value: JsonValue, childCount: number): string {
  if (typeof value === 'string') {
    return JSON.stringify(clip(value, PREVIEW_STRING_LENGTH));
  }
  if (Array.isArray(value)) {
    return childCount === 0 ? '[]' : `[…] ${counted(childCount, 'item')}`;
  }
  if (isJsonObject(value)) {
    return childCount === 0 ? '{}' : `{…} ${counted(childCount, 'key')}`;
  }
  return String(value);
}

/** A member name, or an array position, which stays a number until asked for, sparing a string per element. */
type Segment = string | number | undefined;

/**
 * The document's nodes in pre-order as parallel arrays: the node at position `i` has `values[i]`,
 * `segments[i]` and so on. A few big arrays instead of an object per node, because objects that
 * outlive the young generation are copied by every scavenge, which cost more than the walk itself.
 */
interface FlatTree {
  readonly values: readonly JsonValue[];
  /** Undefined for the root. */
  readonly segments: readonly Segment[];
  /** The parent's position; -1 for the root. */
  readonly parents: readonly number[];
  /** The position just past the node's subtree: a subtree is a range, and a node's next sibling sits at its end. */
  readonly ends: Int32Array;
}

/** Pushes (value, parent, segment) for each child, last child first so that they are popped in document order. */
function queueChildren(value: JsonValue, position: number, pending: unknown[]): void {
  if (Array.isArray(value)) {
    for (let i = value.length - 1; i >= 0; i--) pending.push(value[i], position, i);
  } else if (isJsonObject(value)) {
    for (const key of Object.keys(value).reverse()) pending.push(value[key], position, key);
  }
}

/** Pre-order walk with an explicit stack, so nesting depth is bounded only by memory. */
function flatten(doc: JsonValue): FlatTree {
  const values: JsonValue[] = [];
  const segments: Segment[] = [];
  const parents: number[] = [];
  const pending: unknown[] = [doc, -1, undefined];
  while (pending.length > 0) {
    const segment = pending.pop() as Segment;
    const parent = pending.pop() as number;
    const value = pending.pop() as JsonValue;
    queueChildren(value, values.length, pending);
    values.push(value);
    segments.push(segment);
    parents.push(parent);
  }
  return { values, segments, parents, ends: subtreeEnds(parents) };
}

/** Going backwards, a subtree is complete before its root is reached, and a parent's last child is the first of its children met. */
function subtreeEnds(parents: readonly number[]): Int32Array {
  const ends = new Int32Array(parents.length);
  for (let i = parents.length - 1; i >= 0; i--) {
    if (ends[i] === 0) {
      ends[i] = i + 1;
    }
    const parent = elementAt(parents, i);
    if (parent >= 0 && ends[parent] === 0) {
      ends[parent] = elementAt(ends, i);
    }
  }
  return ends;
}

/** Shared by all leaves, which are most nodes; never mutated. */
const noEntries: readonly PointerEntry[] = [];

/** A node of a FlatPointerIndex, made when a caller first asks for it; it reads everything from the index. */
class FlatEntry implements PointerEntry {
  private childList: readonly PointerEntry[] | undefined;

  constructor(
    private readonly index: FlatPointerIndex,
    private readonly position: number,
  ) {}

  get pointer(): string {
    return this.index.pointerAt(this.position);
  }

  get key(): string | undefined {
    const segment = this.index.tree.segments[this.position];
    return typeof segment === 'number' ? String(segment) : segment;
  }

  get parent(): PointerEntry | undefined {
    const parent = elementAt(this.index.tree.parents, this.position);
    return parent < 0 ? undefined : this.index.entryAt(parent);
  }

  get value(): JsonValue {
    return elementAt(this.index.tree.values, this.position);
  }

  get type(): JsonType {
    return typeOf(this.value);
  }

  get preview(): string {
    return previewOf(this.value, this.children.length);
  }

  get depth(): number {
    let depth = 0;
    const parents = this.index.tree.parents;
    for (let parent = elementAt(parents, this.position); parent >= 0; parent = elementAt(parents, parent)) {
      depth++;
    }
    return depth;
  }

  get children(): readonly PointerEntry[] {
    this.childList ??= this.index.childEntries(this.position);
    return this.childList;
  }
}

/** Entries, pointers and child tables are made on the first query that needs them and kept, so each entry is one object. */
class FlatPointerIndex implements PointerIndex {
  /** Made on first use: building the index should cost only the walk, as most indexes answer few queries. */
  private madeEntries: Array<FlatEntry | undefined> | undefined;
  private pointers: Array<string | undefined> | undefined;
  private allEntries: readonly PointerEntry[] | undefined;
  /** Children's positions, for containers that a query has passed through. */
  private readonly childTables = new Map<number, readonly number[]>();
  /** Member name → position, for objects that a lookup has passed through. */
  private readonly memberTables = new Map<number, Map<string, number>>();

  constructor(readonly tree: FlatTree) {}

  get entries(): readonly PointerEntry[] {
    this.allEntries ??= this.appendEntries([], 0, this.tree.values.length);
    return this.allEntries;
  }

  lookup(pointer: string): PointerEntry | undefined {
    const position = this.find(pointer);
    return position === undefined ? undefined : this.entryAt(position);
  }

  childrenOf(pointer: string): readonly PointerEntry[] {
    return this.lookup(pointer)?.children ?? [];
  }

  withPrefix(prefix: string): readonly PointerEntry[] {
    if (prefix === '') {
      return this.entries;
    }
    const parent = prefix.startsWith('/') ? this.find(prefix.slice(0, prefix.lastIndexOf('/'))) : undefined;
    if (parent === undefined) {
      return [];
    }
    const found: PointerEntry[] = [];
    for (const child of this.childPositions(parent)) {
      if (this.pointerAt(child).startsWith(prefix)) {
        this.appendEntries(found, child, elementAt(this.tree.ends, child));
      }
    }
    return found;
  }

  entryAt(position: number): FlatEntry {
    this.madeEntries ??= new Array<FlatEntry | undefined>(this.tree.values.length);
    let entry = this.madeEntries[position];
    if (entry === undefined) {
      entry = new FlatEntry(this, position);
      this.madeEntries[position] = entry;
    }
    return entry;
  }

  /** Built down from the nearest ancestor that knows its pointer, caching on the way (no recursion: documents may be very deep). */
  pointerAt(position: number): string {
    const pointers = (this.pointers ??= this.rootPointerOnly());
    const cached = pointers[position];
    if (cached !== undefined) {
      return cached;
    }
    const uncached: number[] = [];
    let known = position;
    for (; pointers[known] === undefined; known = elementAt(this.tree.parents, known)) {
      uncached.push(known);
    }
    let pointer = pointers[known] as string;
    for (const current of uncached.reverse()) {
      pointer = `${pointer}/${escapeSegment(String(this.tree.segments[current]))}`;
      pointers[current] = pointer;
    }
    return pointer;
  }

  private rootPointerOnly(): Array<string | undefined> {
    const pointers = new Array<string | undefined>(this.tree.values.length);
    pointers[0] = '';
    return pointers;
  }

  childPositions(position: number): readonly number[] {
    let positions = this.childTables.get(position);
    if (positions === undefined) {
      positions = this.listChildren(position);
      this.childTables.set(position, positions);
    }
    return positions;
  }

  childEntries(position: number): readonly PointerEntry[] {
    const positions = this.childPositions(position);
    return positions.length === 0 ? noEntries : positions.map((child) => this.entryAt(child));
  }

  /** Read from the flat tree alone, so that the answer holds even if the document is changed after indexing. */
  private listChildren(position: number): number[] {
    const ends = this.tree.ends;
    const children: number[] = [];
    // The first child follows its parent, and each child's subtree ends where the next child starts.
    const end = elementAt(ends, position);
    for (let child = position + 1; child < end; child = elementAt(ends, child)) {
      children.push(child);
    }
    return children;
  }

  private find(pointer: string): number | undefined {
    const segments = tryParsePointer(pointer);
    if (segments === undefined) {
      return undefined;
    }
    let position = 0;
    for (const segment of segments) {
      const child = this.childAt(position, segment);
      if (child === undefined) {
        return undefined;
      }
      position = child;
    }
    return position;
  }

  private childAt(position: number, segment: string): number | undefined {
    const value = this.tree.values[position];
    if (Array.isArray(value)) {
      return isArrayIndexSegment(segment) ? this.childPositions(position).at(Number(segment)) : undefined;
    }
    return isJsonObject(value) ? this.memberTable(position).get(segment) : undefined;
  }

  private memberTable(position: number): Map<string, number> {
    let members = this.memberTables.get(position);
    if (members === undefined) {
      const positions = this.childPositions(position);
      members = new Map(positions.map((child) => [this.tree.segments[child] as string, child]));
      this.memberTables.set(position, members);
    }
    return members;
  }

  private appendEntries(entries: PointerEntry[], from: number, to: number): PointerEntry[] {
    for (let position = from; position < to; position++) {
      entries.push(this.entryAt(position));
    }
    return entries;
  }
}

function tryParsePointer(pointer: string): string[] | undefined {
  try {
    return parsePointer(pointer);
  } catch {
    return undefined;
  }
}

/** Walks the document once into flat arrays; entries are made only when asked for. */
export function buildPointerIndex(doc: JsonValue): PointerIndex {
  return new FlatPointerIndex(flatten(doc));
}
