import { diffJson, jsonEqual } from './diff';
import type { PatchOp, Persona } from './json';
import { threeWayMerge, type MergeResult } from './merge';
import { withServerOwnedFieldsRestored } from './personaRules';

/** What gets sent: ops against a base, and what they make of it. */
export interface Send {
  base: Persona;
  ops: PatchOp[];
  edited: Persona;
}

/**
 * After the freshness read: send as planned when Tavus still holds the origin; otherwise the
 * user is asked, with a merge on offer when the changes do not overlap.
 */
export type Freshness = { kind: 'current'; send: Send } | { kind: 'moved'; merge: MergeResult | undefined };

export function checkFreshness(origin: Persona | undefined, edited: Persona, ops: PatchOp[], current: Persona): Freshness {
  if (origin !== undefined && jsonEqual(current, origin)) return { kind: 'current', send: { base: origin, ops, edited } };
  return { kind: 'moved', merge: origin === undefined ? undefined : threeWayMerge(origin, edited, current) };
}

export type MovedChoice = 'merge' | 'compare' | 'overwrite' | 'cancel';

/** What the user's answer to "Tavus moved" sends, if anything. */
export function sendAfterMove(
  choice: MovedChoice,
  edited: Persona,
  current: Persona,
  merge: MergeResult | undefined,
): Send | undefined {
  if (choice === 'merge' && merge?.kind === 'merged') return { base: current, ops: merge.ops, edited: merge.merged };
  if (choice !== 'overwrite') return undefined;
  // The user's copy still carries the old updated_at and ids, which are Tavus's to set.
  const overwritten = withServerOwnedFieldsRestored(current, edited);
  return { base: current, ops: diffJson(current, overwritten), edited: overwritten };
}

/** How a failed PATCH ended, judged from what Tavus holds afterwards. */
export type PatchFailure = 'guardRejected' | 'partlyApplied' | 'notApplied';

/**
 * Tavus documents no status for a failed `test` (422 and 400 are both seen for bad patches), so
 * any 4xx but an auth error, to a body that begins with guards, once the persona is known to have
 * moved, is the guard: nothing was applied. A move without that is a partial application.
 */
export function classifyPatchFailure(status: number | undefined, body: readonly PatchOp[], moved: boolean): PatchFailure {
  if (!moved) return 'notApplied';
  const clientError = status !== undefined && status >= 400 && status < 500 && status !== 401 && status !== 403;
  return clientError && body[0]?.op === 'test' ? 'guardRejected' : 'partlyApplied';
}
