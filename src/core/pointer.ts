import { isJsonObject, JsonValue } from './json';

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
    const index = Number(segment);
    return isArrayIndexSegment(segment) && index < value.length ? { found: true, value: value[index] } : { found: false };
  }
  if (isJsonObject(value) && Object.prototype.hasOwnProperty.call(value, segment)) {
    return { found: true, value: value[segment] };
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

function truncate(text: string, length: number): string {
  if (text.length <= length) {
    return text;
  }
  const isHighSurrogate = /[\uD800-\uDBFF]/.test(text[length - 2]);
  return `${text.slice(0, isHighSurrogate ? length - 2 : length - 1)}…`;
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function previewOf(value: JsonValue, childCount: number): string {
  if (typeof value === 'string') {
    return JSON.stringify(truncate(value, PREVIEW_STRING_LENGTH));
  }
  if (Array.isArray(value)) {
    return childCount === 0 ? '[]' : `[…] ${counted(childCount, 'item')}`;
  }
  if (isJsonObject(value)) {
    return childCount === 0 ? '{}' : `{…} ${counted(childCount, 'key')}`;
  }
  return String(value);
}

/** Everything but the tree links is computed on demand: indexing allocates one small object per node and nothing else. */
class IndexedNode implements PointerEntry {
  /** Shared by all leaves, which are most nodes; never mutated. */
  private static readonly noChildren: readonly IndexedNode[] = [];
  /** Member lookup tables, made only for objects that a lookup passes through. */
  private static readonly childrenByKey = new WeakMap<IndexedNode, Map<string, IndexedNode>>();
  private childList: IndexedNode[] | undefined;
  private cachedPointer: string | undefined;
  /** Position in document order. */
  order = 0;

  /** Array positions stay numbers until asked for, sparing a string per element. */
  constructor(
    private readonly segment: string | number | undefined,
    readonly parent: IndexedNode | undefined,
    readonly value: JsonValue,
  ) {}

  get key(): string | undefined {
    return typeof this.segment === 'number' ? String(this.segment) : this.segment;
  }

  get children(): readonly IndexedNode[] {
    return this.childList ?? IndexedNode.noChildren;
  }

  setChildren(children: IndexedNode[]): void {
    this.childList = children.length === 0 ? undefined : children;
  }

  get type(): JsonType {
    return typeOf(this.value);
  }

  get depth(): number {
    let depth = 0;
    for (let node = this.parent; node !== undefined; node = node.parent) {
      depth++;
    }
    return depth;
  }

  /** Built down from the nearest ancestor that knows its pointer, caching on the way (no recursion: documents may be very deep). */
  get pointer(): string {
    const uncached: IndexedNode[] = [];
    let node: IndexedNode | undefined = this;
    for (; node !== undefined && node.cachedPointer === undefined; node = node.parent) {
      uncached.push(node);
    }
    let pointer = node?.cachedPointer ?? '';
    for (let i = uncached.length - 1; i >= 0; i--) {
      const current = uncached[i];
      pointer = current.parent === undefined ? '' : `${pointer}/${escapeSegment(current.key ?? '')}`;
      current.cachedPointer = pointer;
    }
    return pointer;
  }

  get preview(): string {
    return previewOf(this.value, this.children.length);
  }

  /** Position in document order of the first entry after this subtree. */
  get subtreeEnd(): number {
    let last: IndexedNode = this;
    while (last.childList !== undefined) {
      last = last.childList[last.childList.length - 1];
    }
    return last.order + 1;
  }

  child(segment: string): IndexedNode | undefined {
    if (Array.isArray(this.value)) {
      return isArrayIndexSegment(segment) ? this.children[Number(segment)] : undefined;
    }
    let byKey = IndexedNode.childrenByKey.get(this);
    if (byKey === undefined) {
      byKey = new Map(this.children.map((child) => [child.key ?? '', child]));
      IndexedNode.childrenByKey.set(this, byKey);
    }
    return byKey.get(segment);
  }
}

/** Creates the node's children in document order and queues them for the pre-order walk. */
function expand(node: IndexedNode, pending: IndexedNode[]): void {
  const value = node.value;
  let children: IndexedNode[];
  if (Array.isArray(value)) {
    children = value.map((item, i) => new IndexedNode(i, node, item));
  } else if (isJsonObject(value)) {
    children = Object.keys(value).map((key) => new IndexedNode(key, node, value[key]));
  } else {
    return;
  }
  node.setChildren(children);
  for (let i = children.length - 1; i >= 0; i--) {
    pending.push(children[i]);
  }
}

/** Pre-order walk with an explicit stack, so nesting depth is bounded only by memory. */
function indexNodes(doc: JsonValue): IndexedNode[] {
  const nodes: IndexedNode[] = [];
  const pending = [new IndexedNode(undefined, undefined, doc)];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    node.order = nodes.length;
    nodes.push(node);
    expand(node, pending);
  }
  return nodes;
}

function tryParsePointer(pointer: string): string[] | undefined {
  try {
    return parsePointer(pointer);
  } catch {
    return undefined;
  }
}

export function buildPointerIndex(doc: JsonValue): PointerIndex {
  const nodes = indexNodes(doc);
  const root = nodes[0];

  const lookupNode = (pointer: string): IndexedNode | undefined => {
    const segments = tryParsePointer(pointer);
    let node = segments === undefined ? undefined : root;
    for (const segment of segments ?? []) {
      node = node?.child(segment);
    }
    return node;
  };

  const subtreeOf = (node: IndexedNode): IndexedNode[] => nodes.slice(node.order, node.subtreeEnd);

  return {
    entries: nodes,
    lookup: lookupNode,
    childrenOf: (pointer) => lookupNode(pointer)?.children ?? [],
    withPrefix: (prefix) => {
      if (prefix === '') {
        return nodes;
      }
      const parent = prefix.startsWith('/') ? lookupNode(prefix.slice(0, prefix.lastIndexOf('/'))) : undefined;
      if (parent === undefined) {
        return [];
      }
      return parent.children.filter((child) => child.pointer.startsWith(prefix)).flatMap(subtreeOf);
    },
  };
}
