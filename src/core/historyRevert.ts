import { checkDepth, diffJson, hasOwn, jsonEqual } from './diff';
import {
  defineMember,
  elementAt,
  isJsonObject,
  memberAt,
  type JsonObject,
  type JsonValue,
  type PatchOp,
  type Persona,
} from './json';
import { SERVER_OWNED_FIELDS } from './personaRules';
import { getAtPointer, toPointer, type PointerLookup } from './pointer';
import { isSecretPath, withoutSecretFields } from './redact';

/**
 * The fields a write changed, as paths (unescaped segments): where `before` and `after` differ,
 * descending only through members that are objects on both sides. An array that changed is one
 * field, restored whole, so a revert never depends on indices that later edits may have shifted.
 * Fields Tavus sets (`updated_at`, …) are not the write's doing.
 */
export function changedFields(before: Persona, after: Persona): string[][] {
  const fields: string[][] = [];
  const pending: { a: JsonObject; b: JsonObject; at: string[] }[] = [{ a: before, b: after, at: [] }];
  for (let job = pending.pop(); job !== undefined; job = pending.pop()) {
    const { a, b, at } = job;
    checkDepth(at.length);
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      if (at.length === 0 && SERVER_OWNED_FIELDS.includes(key)) continue;
      const inA = hasOwn(a, key);
      const inB = hasOwn(b, key);
      if (inA && inB && isJsonObject(a[key]) && isJsonObject(b[key])) {
        pending.push({ a: a[key], b: b[key], at: [...at, key] });
      } else if (inA !== inB || !jsonEqual(memberAt(a, key), memberAt(b, key))) {
        fields.push([...at, key]);
      }
    }
  }
  return fields.sort((x, y) => (toPointer(x) < toPointer(y) ? -1 : 1));
}

export interface RevertPlan {
  /** The persona as Tavus holds it now with the revertible fields put back. */
  target: Persona;
  /** The ops from the persona now to `target`. */
  ops: PatchOp[];
  /** Pointers of the fields put back. */
  reverted: string[];
  /** Pointers of fields changed since the write (elsewhere or by a later write): left as they are. */
  moved: string[];
  /** Pointers of fields that hold secret values now: a revert never touches them. */
  secret: string[];
}

function lookup(doc: JsonValue, segments: readonly string[]): PointerLookup {
  return getAtPointer(doc, toPointer(segments));
}

function sameLookup(a: PointerLookup, b: PointerLookup): boolean {
  return a.found ? b.found && jsonEqual(a.value, b.value) : !b.found;
}

/** Whether the field's value now holds secrets: it is one, or it is a container with secret members. */
function holdsSecrets(now: PointerLookup, at: readonly string[]): boolean {
  if (!now.found) return false;
  if (isSecretPath(at)) return true;
  return !jsonEqual(withoutSecretFields(now.value, at), now.value);
}

/** A copy of `doc` with the containers down to `at`'s parent copied, or undefined when that parent is not an object. */
function parentFor(root: JsonObject, at: readonly string[]): JsonObject | undefined {
  let container: JsonObject = root;
  for (const key of at.slice(0, -1)) {
    const child = hasOwn(container, key) ? container[key] : undefined;
    if (!isJsonObject(child)) return undefined;
    const copy: JsonObject = { ...child };
    defineMember(container, key, copy);
    container = copy;
  }
  return container;
}

function parentIsObject(doc: JsonValue, at: readonly string[]): boolean {
  const parent = lookup(doc, at.slice(0, -1));
  return parent.found && isJsonObject(parent.value);
}

/**
 * The inverse of a write's effect, computed against the persona as Tavus holds it now. A field is
 * put back to its value before the write when it still holds the value the write left; a field
 * that moved since is named and left alone (a partial revert), as is one that holds secrets now.
 */
export function planRevert(entry: { before: Persona; after: Persona }, now: Persona): RevertPlan {
  const target: Persona = { ...now };
  const reverted: string[] = [];
  const moved: string[] = [];
  const secret: string[] = [];
  for (const at of changedFields(entry.before, entry.after)) {
    const pointer = toPointer(at);
    const current = lookup(now, at);
    const wanted = lookup(entry.before, at);
    if (holdsSecrets(current, at)) {
      secret.push(pointer);
    } else if (sameLookup(current, wanted)) {
      continue;
    } else if (!sameLookup(current, lookup(entry.after, at)) || !parentIsObject(now, at)) {
      moved.push(pointer);
    } else {
      const parent = parentFor(target, at)!;
      const key = elementAt(at, at.length - 1);
      if (wanted.found) defineMember(parent, key, wanted.value);
      else delete parent[key];
      reverted.push(pointer);
    }
  }
  return { target, ops: reverted.length === 0 ? [] : diffJson(now, target), reverted, moved, secret };
}
