import { elementAt, isJsonObject, memberAt, type JsonObject, type JsonValue, type PatchOp } from './json';
import { escapeSegment } from './pointer';

/** Deeper documents are refused with a clear error instead of overflowing the call stack. */
export const MAX_NESTING_DEPTH = 500;

/** Longest edit script searched for in one array; beyond it the array is diffed index by index. */
const MAX_EDIT_DISTANCE = 1000;
/** Bound on the Myers search's work, (N+M)·D, so huge, mostly different arrays fall back quickly. */
const EDIT_SEARCH_BUDGET = 4_000_000;

/** Throws the "nested too deeply" error past MAX_NESTING_DEPTH, for walks that recurse once per level. */
export function checkDepth(depth: number): void {
  if (depth > MAX_NESTING_DEPTH) {
    throw new Error(`Document nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`);
  }
}

/** Own members only: a JSON object's `toString` or `__proto__` is there only if the text had it. */
export const hasOwn = (object: JsonObject, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function arraysEqual(a: JsonValue[], b: JsonValue[], depth: number): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y && (x === undefined || y === undefined || !equalAt(x, y, depth))) {
      return false;
    }
  }
  return true;
}

/**
 * `for…in` instead of Object.keys: no key arrays are allocated on this hot path, and JSON objects
 * have no inherited enumerable members (an own `__proto__` member is listed like any other).
 */
function memberCount(object: JsonObject): number {
  let count = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- counting members, not reading them
  for (const _key in object) count++;
  return count;
}

function objectsEqual(a: JsonObject, b: JsonObject, depth: number): boolean {
  if (memberCount(a) !== memberCount(b)) {
    return false;
  }
  for (const key in a) {
    if (!hasOwn(b, key)) {
      return false;
    }
    const x = a[key];
    const y = b[key];
    if (x !== y && (x === undefined || y === undefined || !equalAt(x, y, depth))) {
      return false;
    }
  }
  return true;
}

function equalAt(a: JsonValue, b: JsonValue, depth: number): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  checkDepth(depth + 1);
  if (Array.isArray(a)) {
    return Array.isArray(b) && arraysEqual(a, b, depth + 1);
  }
  return !Array.isArray(b) && objectsEqual(a, b, depth + 1);
}

/** Structural equality of JSON values; member order is ignored, and 0 equals -0 as it does after JSON.stringify. */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  return equalAt(a, b, 0);
}

/** Says whether diffing a value ended in one `replace` of the value itself, rather than ops inside it. */
type DiffOutcome = 'replaced' | 'patched' | 'unchanged';

interface Hunk {
  aFrom: number;
  aTo: number;
  bFrom: number;
  bTo: number;
}

/**
 * Myers' O((N+M)·D) shortest edit script between a[0..n) and b[0..m), as maximal runs of changed
 * elements; undefined when D exceeds `maxD`.
 */
function editHunks(n: number, m: number, same: (x: number, y: number) => boolean, maxD: number): Hunk[] | undefined {
  const offset = n + m + 1;
  const furthest = new Int32Array(2 * offset + 1);
  // furthest[offset + k]: the furthest x reached on diagonal k = x - y; trace[d] keeps diagonals -d..d after round d.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= maxD; d++) {
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && elementAt(furthest, offset + k - 1) < elementAt(furthest, offset + k + 1));
      let x = down ? elementAt(furthest, offset + k + 1) : elementAt(furthest, offset + k - 1) + 1;
      let y = x - k;
      while (x < n && y < m && same(x, y)) {
        x++;
        y++;
      }
      furthest[offset + k] = x;
      if (x >= n && y >= m) {
        return hunksFromTrace(trace, d, n, m);
      }
    }
    trace.push(furthest.slice(offset - d, offset + d + 1));
  }
  return undefined;
}

/** Walks the Myers trace back from (n, m), grouping consecutive deletions and insertions into hunks. */
function hunksFromTrace(trace: readonly Int32Array[], finalD: number, n: number, m: number): Hunk[] {
  const hunks: Hunk[] = [];
  let open: Hunk | undefined;
  let x = n;
  let y = m;
  for (let d = finalD; d > 0; d--) {
    const previous = elementAt(trace, d - 1);
    const at = (k: number) => elementAt(previous, k + d - 1);
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const previousK = down ? k + 1 : k - 1;
    const previousX = at(previousK);
    const snakeStartX = down ? previousX : previousX + 1;
    if (x > snakeStartX) {
      if (open !== undefined) {
        hunks.push(open);
        open = undefined;
      }
      x = snakeStartX;
      y = snakeStartX - k;
    }
    open ??= { aFrom: x, aTo: x, bFrom: y, bTo: y };
    x = previousX;
    y = previousX - previousK;
    open.aFrom = x;
    open.bFrom = y;
  }
  if (open !== undefined) {
    hunks.push(open);
  }
  return hunks.reverse();
}

/** A member's pointer, spelt out only when an op needs it: most members visited change nothing. */
interface MemberPath {
  parent: Path;
  key: string;
}
type Path = string | MemberPath;

function pointerOf(path: Path): string {
  const keys: string[] = [];
  let node = path;
  while (typeof node !== 'string') {
    keys.push(node.key);
    node = node.parent;
  }
  let pointer = node;
  for (const key of keys.reverse()) pointer += `/${escapeSegment(key)}`;
  return pointer;
}

class JsonDiff {
  readonly ops: PatchOp[] = [];

  diffValue(a: JsonValue, b: JsonValue, path: Path, depth: number): DiffOutcome {
    return a === b ? 'unchanged' : this.diffUnequal(a, b, path, depth);
  }

  /** For values already known to differ by `===`: comparing a 1 MB string twice would double the cost. */
  private diffUnequal(a: JsonValue, b: JsonValue, path: Path, depth: number): DiffOutcome {
    checkDepth(depth);
    if (Array.isArray(a) && Array.isArray(b)) {
      this.diffArray(a, b, path, depth);
      return 'patched';
    }
    if (isJsonObject(a) && isJsonObject(b)) {
      return this.diffObject(a, b, path, depth);
    }
    this.ops.push({ op: 'replace', path: pointerOf(path), value: b });
    return 'replaced';
  }

  /**
   * Member-wise ops, except when the `__proto__` member itself must be set: appliers that assign
   * `obj[key] = value` (fast-json-patch among them) would change the prototype instead, so the whole
   * object is replaced then.
   */
  private diffObject(a: JsonObject, b: JsonObject, path: Path, depth: number): DiffOutcome {
    const firstOp = this.ops.length;
    let shared = 0;
    for (const key in b) {
      const inBoth = hasOwn(a, key);
      if (inBoth) {
        shared++;
        if (a[key] === b[key]) {
          continue;
        }
      }
      const childPath: MemberPath = { parent: path, key };
      let outcome: DiffOutcome;
      if (inBoth) {
        outcome = this.diffUnequal(memberAt(a, key), memberAt(b, key), childPath, depth + 1);
      } else {
        this.ops.push({ op: 'add', path: pointerOf(childPath), value: memberAt(b, key) });
        outcome = 'replaced';
      }
      if (key === '__proto__' && outcome === 'replaced') {
        this.ops.length = firstOp;
        this.ops.push({ op: 'replace', path: pointerOf(path), value: b });
        return 'replaced';
      }
    }
    // Every key of `a` was met in `b` unless fewer were shared than `a` has: only then look for removals.
    if (shared < memberCount(a)) {
      const pointer = pointerOf(path);
      const removals = Object.keys(a)
        .filter((key) => !hasOwn(b, key))
        .map((key): PatchOp => ({ op: 'remove', path: `${pointer}/${escapeSegment(key)}` }));
      this.ops.splice(firstOp, 0, ...removals);
    }
    return this.ops.length === firstOp ? 'unchanged' : 'patched';
  }

  /** Trims the equal head and tail, then turns the shortest edit script of the middle into ops. */
  private diffArray(a: JsonValue[], b: JsonValue[], memberPath: Path, depth: number): void {
    const same = (x: JsonValue, y: JsonValue) => x === y || equalAt(x, y, depth + 1);
    let start = 0;
    while (start < a.length && start < b.length && same(a[start]!, b[start]!)) {
      start++;
    }
    let endA = a.length;
    let endB = b.length;
    while (endA > start && endB > start && same(a[endA - 1]!, b[endB - 1]!)) {
      endA--;
      endB--;
    }
    const n = endA - start;
    const m = endB - start;
    if (n === 0 && m === 0) {
      return;
    }
    const path = pointerOf(memberPath);
    const maxD = Math.min(n + m, MAX_EDIT_DISTANCE, Math.floor(EDIT_SEARCH_BUDGET / (n + m)));
    const hunks =
      n > 0 && m > 0 ? editHunks(n, m, (x, y) => same(elementAt(a, start + x), elementAt(b, start + y)), maxD) : undefined;
    for (const hunk of hunks ?? [{ aFrom: 0, aTo: n, bFrom: 0, bTo: m }]) {
      this.applyHunk(a, b, shiftHunk(hunk, start), path, depth);
    }
  }

  /**
   * Ops turning a[aFrom..aTo) into b[bFrom..bTo), given that everything before it already matches b, so
   * the hunk starts at index bFrom of the array being patched. Elements are paired in place and diffed;
   * the surplus is removed (highest index first) or added.
   */
  private applyHunk(a: JsonValue[], b: JsonValue[], hunk: Hunk, path: string, depth: number): void {
    const removed = hunk.aTo - hunk.aFrom;
    const added = hunk.bTo - hunk.bFrom;
    const paired = Math.min(removed, added);
    for (let i = 0; i < paired; i++) {
      this.diffValue(elementAt(a, hunk.aFrom + i), elementAt(b, hunk.bFrom + i), `${path}/${hunk.bFrom + i}`, depth + 1);
    }
    for (let i = removed - 1; i >= paired; i--) {
      this.ops.push({ op: 'remove', path: `${path}/${hunk.bFrom + i}` });
    }
    for (let i = paired; i < added; i++) {
      this.ops.push({ op: 'add', path: `${path}/${hunk.bFrom + i}`, value: elementAt(b, hunk.bFrom + i) });
    }
  }
}

function shiftHunk(hunk: Hunk, by: number): Hunk {
  return { aFrom: hunk.aFrom + by, aTo: hunk.aTo + by, bFrom: hunk.bFrom + by, bTo: hunk.bTo + by };
}

/**
 * RFC 6902 ops that turn `base` into `edited` exactly, and readably: only changed members, array
 * insertions and removals as single ops, changed elements diffed in place. Op values share structure
 * with `edited`; treat both as read-only while the ops are in use.
 */
export function diffJson(base: JsonValue, edited: JsonValue): PatchOp[] {
  const diff = new JsonDiff();
  diff.diffValue(base, edited, '', 0);
  for (const op of diff.ops) {
    if (op.value !== undefined) checkValueDepth(op.value, op.path.split('/').length - 1);
  }
  return diff.ops;
}

/** A value sent whole must fit the same bound: JSON.stringify of the request recurses once per level. */
function checkValueDepth(value: JsonValue, depth: number): void {
  const pending: Array<[JsonValue, number]> = [[value, depth]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [current, level] = next;
    if (current === null || typeof current !== 'object') continue;
    checkDepth(level);
    for (const child of Array.isArray(current) ? current : Object.values(current)) pending.push([child, level + 1]);
  }
}
