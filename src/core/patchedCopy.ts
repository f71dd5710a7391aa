import { applyOperation, type Operation } from 'fast-json-patch';
import { jsonEqual } from './diff';
import { defineMember, isJsonObject, memberAt, type JsonValue, type PatchOp } from './json';
import { getAtPointer, parsePointer } from './pointer';

/**
 * A document as RFC 6902 ops leave it, built without changing the original or the ops' values: a
 * container is copied the first time a change passes through it, so the original is never changed,
 * nor cloned whole, however big it is.
 */
export class PatchedCopy {
  private readonly copies = new WeakSet<object>();

  constructor(private doc: JsonValue) {}

  get current(): JsonValue {
    return this.doc;
  }

  /**
   * Throws when the op does not apply: a `test` whose value differs, a missing `from`, or what
   * fast-json-patch's validation throws (an index out of range; it refuses `__proto__` paths, for one). `test` compares with jsonEqual:
   * fast-json-patch's comparison calls `b.hasOwnProperty`, which a member of that name shadows.
   * `move` is remove-then-add, as RFC 6902 defines it, each step copying the containers it passes at
   * the time: the add's indices are the ones the remove left.
   */
  apply(op: PatchOp): void {
    if (op.op === 'test') {
      const current = getAtPointer(this.doc, op.path);
      if (!current.found || !jsonEqual(current.value, op.value!)) throw new Error('Test operation failed');
      return;
    }
    if (op.op === 'move') {
      const moved = getAtPointer(this.doc, op.from!);
      if (!moved.found) throw new Error(`Cannot move from "${op.from}": there is nothing there`);
      this.applyInPlace({ op: 'remove', path: op.from! });
      this.applyInPlace({ op: 'add', path: op.path, value: moved.value });
      return;
    }
    this.applyInPlace(op);
  }

  private applyInPlace(op: PatchOp): void {
    this.copyPathTo(op.path);
    // fast-json-patch deep-clones a `copy`'s value, so two places never share a container we own.
    this.doc = applyOperation(this.doc, op as Operation, true, true, true).newDocument;
  }

  /** Makes the root and every container down to the parent of `pointer`'s target copies of our own. */
  private copyPathTo(pointer: string): void {
    this.doc = this.ownCopy(this.doc);
    let container = this.doc;
    for (const segment of parsePointer(pointer).slice(0, -1)) {
      // A path through nothing fails in fast-json-patch; it must not leave a hole or an undefined member behind.
      if (Array.isArray(container)) {
        const index = Number(segment);
        const element = container[index];
        if (element === undefined) return;
        container = container[index] = this.ownCopy(element);
      } else if (isJsonObject(container)) {
        if (!Object.hasOwn(container, segment)) return;
        const child = this.ownCopy(memberAt(container, segment));
        defineMember(container, segment, child);
        container = child;
      }
    }
  }

  private ownCopy(value: JsonValue): JsonValue {
    if (typeof value !== 'object' || value === null || this.copies.has(value)) return value;
    // Spreading defines own members, so a `__proto__` key stays a member.
    const copy = Array.isArray(value) ? [...value] : { ...value };
    this.copies.add(copy);
    return copy;
  }
}

/** `doc` as `ops` leave it, sharing unchanged parts with `doc`; neither `doc` nor the ops are changed. Throws as PatchedCopy.apply does. */
export function applyOps(doc: JsonValue, ops: readonly PatchOp[]): JsonValue {
  const copy = new PatchedCopy(doc);
  for (const op of ops) copy.apply(op);
  return copy.current;
}
