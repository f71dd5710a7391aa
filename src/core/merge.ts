import { checkDepth, diffJson, hasOwn, jsonEqual } from './diff';
import { defineMember, elementAt, isJsonObject, type JsonObject, type JsonValue, type PatchOp, type Persona } from './json';
import { escapeSegment } from './pointer';
import { previewValue } from './requestLog';

/** Where both sides changed the same thing differently; values as edited / Tavus now / origin, undefined when absent. */
export interface Overlap {
  pointer: string;
  yours: JsonValue | undefined;
  theirs: JsonValue | undefined;
  origin: JsonValue | undefined;
}

export type MergeResult = { kind: 'merged'; merged: Persona; ops: PatchOp[] } | { kind: 'conflict'; overlaps: Overlap[] };

/**
 * Rebases the local change (origin → edited) onto Tavus's current copy (origin → current), or names
 * every place where the two changes overlap. They overlap where a pointer that `diffJson(origin,
 * edited)` changes equals, contains or lies inside one that `diffJson(origin, current)` changes, unless
 * both made the same change there. Arrays are positional, so a change inside one array by both sides
 * is an overlap at the array unless both only append to it (theirs first, then ours), or both change
 * the same elements in place (no element inserted or removed, as diffJson sees it), each an object on
 * all three sides, and the element changes themselves merge (different members). Edits of different
 * elements overlap too: issue 9 asks for this conservative rule, as an element is named only by its
 * index and elements of one list (tools, objectives) often depend on each other.
 *
 * `merged` shares structure with the inputs and `ops` (= diffJson(current, merged)) with `merged`:
 * treat them as read-only.
 */
export function threeWayMerge(origin: Persona, edited: Persona, current: Persona): MergeResult {
  const overlaps: Overlap[] = [];
  const merged = mergeValue(origin, edited, current, '', 0, overlaps);
  if (overlaps.length > 0) return { kind: 'conflict', overlaps };
  return { kind: 'merged', merged: merged as Persona, ops: diffJson(current, merged as Persona) };
}

/** One line for the conflict dialog: `/layers/llm/model — yours: "a", Tavus now: "b"`, clipped, secrets redacted. */
export function describeOverlap(overlap: Overlap): string {
  const where = overlap.pointer === '' ? '(the whole persona)' : overlap.pointer;
  return `${where} — yours: ${shown(overlap.yours, overlap.pointer)}, Tavus now: ${shown(overlap.theirs, overlap.pointer)}`;
}

function shown(value: JsonValue | undefined, pointer: string): string {
  return value === undefined ? '(removed)' : previewValue(value, pointer);
}

type Maybe = JsonValue | undefined;

function same(a: Maybe, b: Maybe): boolean {
  return a === b || (a !== undefined && b !== undefined && jsonEqual(a, b));
}

function mergeValue(origin: Maybe, edited: Maybe, current: Maybe, pointer: string, depth: number, overlaps: Overlap[]): Maybe {
  if (same(edited, origin)) return current;
  if (same(current, origin) || same(edited, current)) return edited;
  checkDepth(depth);
  if (isJsonObject(origin) && isJsonObject(edited) && isJsonObject(current) && !replacedWhole(origin, edited, current)) {
    return mergeObject(origin, edited, current, pointer, depth, overlaps);
  }
  if (Array.isArray(origin) && Array.isArray(edited) && Array.isArray(current)) {
    const merged = mergeArray(origin, edited, current, pointer, depth, overlaps);
    if (merged !== undefined) return merged;
  }
  overlaps.push({ pointer, yours: edited, theirs: current, origin });
  return current;
}

/** Current's members in its order, then members only edited has. */
function mergeObject(
  origin: JsonObject,
  edited: JsonObject,
  current: JsonObject,
  pointer: string,
  depth: number,
  overlaps: Overlap[],
): JsonObject {
  const merged: JsonObject = {};
  const member = (object: JsonObject, key: string): Maybe => (hasOwn(object, key) ? object[key] : undefined);
  const mergeMember = (key: string) => {
    const childPointer = `${pointer}/${escapeSegment(key)}`;
    const value = mergeValue(member(origin, key), member(edited, key), member(current, key), childPointer, depth + 1, overlaps);
    if (value !== undefined) defineMember(merged, key, value);
  };
  for (const key of Object.keys(current)) mergeMember(key);
  for (const key of Object.keys(edited)) if (!hasOwn(current, key)) mergeMember(key);
  return merged;
}

/**
 * diffJson replaces an object whole when its `__proto__` member is set (see diff.ts), so such a
 * change touches every member; only objects holding that member need the (costlier) check.
 */
function replacedWhole(origin: JsonObject, edited: JsonObject, current: JsonObject): boolean {
  if (![origin, edited, current].some((object) => hasOwn(object, '__proto__'))) return false;
  const isWhole = (ops: PatchOp[]) => ops.some((op) => op.path === '');
  return isWhole(diffJson(origin, edited)) || isWhole(diffJson(origin, current));
}

/** Undefined when the two array changes cannot be merged positionally. */
function mergeArray(
  origin: JsonValue[],
  edited: JsonValue[],
  current: JsonValue[],
  pointer: string,
  depth: number,
  overlaps: Overlap[],
): JsonValue[] | undefined {
  if (appendsTo(origin, edited) && appendsTo(origin, current)) return [...current, ...edited.slice(origin.length)];
  if (!changesInPlace(origin, edited) || !changesInPlace(origin, current)) return undefined;
  if (!changeSameObjectElements(origin, edited, current)) return undefined;
  return current.map((element, index) =>
    mergeValue(origin[index], edited[index], element, `${pointer}/${index}`, depth + 1, overlaps),
  ) as JsonValue[];
}

function appendsTo(origin: JsonValue[], changed: JsonValue[]): boolean {
  return changed.length > origin.length && origin.every((element, index) => jsonEqual(element, changed[index]!));
}

/** Elements changed where they are: no op of diffJson inserts or removes an element of this array. */
function changesInPlace(origin: JsonValue[], changed: JsonValue[]): boolean {
  if (changed.length !== origin.length) return false;
  return diffJson(origin, changed).every((op) => !((op.op === 'add' || op.op === 'remove') && /^\/\d+$/.test(op.path)));
}

/** Both sides changed exactly the same elements, and each of them is an object before and after on both sides. */
function changeSameObjectElements(origin: JsonValue[], edited: JsonValue[], current: JsonValue[]): boolean {
  return origin.every((element, index) => {
    const ours = elementAt(edited, index);
    const theirs = elementAt(current, index);
    const oursChanged = !jsonEqual(element, ours);
    if (oursChanged !== !jsonEqual(element, theirs)) return false;
    return !oursChanged || [element, ours, theirs].every(isJsonObject);
  });
}
