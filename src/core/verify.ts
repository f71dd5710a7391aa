import { diffJson, hasOwn, jsonEqual } from './diff';
import { isJsonObject, type JsonValue, type PatchOp, type Persona } from './json';
import { escapeSegment, valueAt as lookup } from './pointer';
import { SERVER_OWNED_FIELDS } from './personaRules';
import { previewValue } from './requestLog';
import { clip, counted } from './text';

/** Something Tavus holds differently from what the patch left: `sent` as expected, `now` as re-read; undefined when absent. */
export interface Normalisation {
  pointer: string;
  sent: JsonValue | undefined;
  now: JsonValue | undefined;
}

export interface Verification {
  /** Pointers where what was sent is not there: the patch was not (wholly) applied. */
  missing: string[];
  /** Everything else that differs, for information: defaults Tavus filled in, fields it dropped, coerced scalars. */
  normalised: Normalisation[];
}

/**
 * Checks a persona re-read after a successful PATCH against `expected` (the base with `ops`
 * applied), looking only at what the ops sent: of an object added or replaced, only the members sent
 * (recursively); of an insertion into, removal from or append to an array, the whole array; a removed
 * (or moved-away) member must be gone unless a later op put it back; `test` ops are not looked at.
 * Tavus normalises what it stores (setting one conversational_flow field fills the others, PAL-era
 * personas drop fields equal to their default, `"true"` may come back as `true`), so a scalar of the
 * same meaning and anything not sent count as normalised, never as missing.
 */
export function verifyPatch(expected: Persona, reread: Persona, ops: readonly PatchOp[]): Verification {
  const missing = new Set<string>();
  for (const pointer of checkedPointers(expected, ops)) {
    compareSent(lookup(expected, pointer), lookup(reread, pointer), pointer, missing);
  }
  return { missing: [...missing], normalised: normalisations(expected, reread, [...missing]) };
}

const MAX_LISTED = 5;
const MAX_MESSAGE = 400;

/** `Tavus adjusted 2 fields: /a set to "x", /b removed`; empty when Tavus adjusted nothing. */
export function describeNormalisation(normalised: readonly Normalisation[]): string {
  if (normalised.length === 0) return '';
  const listed = normalised
    .slice(0, MAX_LISTED)
    .map(({ pointer, now }) => (now === undefined ? `${pointer} removed` : `${pointer} set to ${previewValue(now, pointer)}`));
  const more = normalised.length > MAX_LISTED ? `, and ${normalised.length - MAX_LISTED} more` : '';
  return clip(`Tavus adjusted ${counted(normalised.length, 'field')}: ${listed.join(', ')}${more}`, MAX_MESSAGE);
}

type Maybe = JsonValue | undefined;

function parentOf(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

/** Where each op's effect shows; in an array an insertion or removal shifts the elements after it, so the array is compared whole. */
function checkedPointers(expected: Persona, ops: readonly PatchOp[]): string[] {
  const pointers = new Set<string>();
  const inArray = (pointer: string) => pointer !== '' && Array.isArray(lookup(expected, parentOf(pointer)));
  const shifting = (pointer: string) => (pointer.endsWith('/-') || inArray(pointer) ? parentOf(pointer) : pointer);
  for (const op of ops) {
    if (op.op === 'test') continue;
    pointers.add(op.op === 'replace' ? op.path : shifting(op.path));
    if (op.op === 'move' && op.from !== undefined) pointers.add(shifting(op.from));
  }
  return [...pointers];
}

/** Adds to `missing` the deepest pointers where `now` does not hold what `sent` holds; members only `now` has are fine. */
function compareSent(sent: Maybe, now: Maybe, pointer: string, missing: Set<string>): void {
  if (sent === undefined || now === undefined) {
    if (sent !== now) missing.add(pointer);
    return;
  }
  if (sent === now || jsonEqual(sent, now)) return;
  if (isJsonObject(sent) && isJsonObject(now)) {
    for (const key of Object.keys(sent)) {
      compareSent(sent[key], hasOwn(now, key) ? now[key] : undefined, `${pointer}/${escapeSegment(key)}`, missing);
    }
    return;
  }
  if (Array.isArray(sent) && Array.isArray(now) && sent.length === now.length) {
    sent.forEach((element, index) => compareSent(element, now[index], `${pointer}/${index}`, missing));
    return;
  }
  if (!sameMeaning(sent, now)) missing.add(pointer);
}

/** A scalar Tavus coerced without changing what it says: `"true"` for `true`, `"1.5"` for `1.5`. */
function sameMeaning(a: JsonValue, b: JsonValue): boolean {
  if (typeof a === 'string' && typeof b !== 'string') return sameMeaning(b, a);
  if (typeof b !== 'string') return false;
  if (typeof a === 'boolean') return b === String(a);
  return typeof a === 'number' && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(b.trim()) && Number(b) === a;
}

/**
 * What differs besides the missing pointers, as diffJson sees it; an element inserted into or removed
 * from an array is named by its array, since diffJson's indices are those of a half-patched array.
 * Server-owned fields are left out: Tavus sets `updated_at` on every change.
 */
function normalisations(expected: Persona, reread: Persona, missing: readonly string[]): Normalisation[] {
  const covered = (pointer: string) =>
    missing.some((gone) => pointer === gone || pointer.startsWith(`${gone}/`) || gone.startsWith(`${pointer}/`));
  const serverOwned = (pointer: string) => SERVER_OWNED_FIELDS.some((field) => pointer === `/${escapeSegment(field)}`);
  const pointers = new Set<string>();
  for (const op of diffJson(expected, reread)) {
    const shifts = op.op !== 'replace' && op.path !== '' && Array.isArray(lookup(expected, parentOf(op.path)));
    const pointer = shifts ? parentOf(op.path) : op.path;
    if (!covered(pointer) && !serverOwned(pointer)) pointers.add(pointer);
  }
  return [...pointers].map((pointer) => ({ pointer, sent: lookup(expected, pointer), now: lookup(reread, pointer) }));
}
