import { jsonEqual } from './diff';
import { guardOps } from './guard';
import type { PatchOp, Persona } from './json';
import { applyOps } from './patchedCopy';
import { opsOf, type ParsedPatchFile } from './patchFile';
import type { PatchPlan } from './patchPlan';
import { validatePatch } from './patchValidation';
import { personaLabel } from './personaRules';

export type ApplyPlan = { kind: 'invalid'; message: string } | { kind: 'noChanges' } | PatchPlan;

/** What the file alone tells: which persona it targets and its ops, or why it cannot be applied to any. */
export type PatchFileTarget = { kind: 'invalid'; message: string } | { kind: 'target'; personaId: string; ops: PatchOp[] };

export interface ApplyOptions {
  guardWithTestOps: boolean;
}

/** Checks the file before anything is fetched: a missing header or a broken op needs no persona to be reported. */
export function patchFileTarget(parsed: ParsedPatchFile): PatchFileTarget {
  const personaId = parsed.header?.personaId;
  if (personaId === undefined) return invalid('Name the target persona on the first line: // tavus-persona: <persona_id>');
  const ops = opsOf(parsed);
  if (!ops) return invalid(`The patch file has problems; fix them first: ${firstError(parsed, undefined)}`);
  return { kind: 'target', personaId, ops };
}

/**
 * Everything applying a patch file decides before talking to anyone, given the target persona as
 * Tavus has it now: whether the ops fit it (a dry run on a copy), whether they change anything, and
 * the guarded body. Neither `base` nor `parsed` is changed.
 */
export function computeApply(parsed: ParsedPatchFile, base: Persona, options: ApplyOptions): ApplyPlan {
  const target = patchFileTarget(parsed);
  if (target.kind === 'invalid') return target;
  const problem = firstError(parsed, base);
  if (problem) return invalid(`The patch does not fit "${personaLabel(base)}" as Tavus has it now: ${problem}`);
  const { ops } = target;
  let edited: Persona;
  try {
    edited = applyOps(base, ops) as Persona;
  } catch (error) {
    return invalid(`The patch cannot be applied: ${firstLine(error)}`);
  }
  if (jsonEqual(base, edited)) return { kind: 'noChanges' };
  return { kind: 'changes', edited, ops, body: options.guardWithTestOps ? guardOps(base, ops) : ops };
}

/** fast-json-patch appends the operation and the whole document to its message; the document may hold secrets. */
function firstLine(error: unknown): string {
  const [first = ''] = (error instanceof Error ? error.message : String(error)).split('\n');
  return first;
}

function invalid(message: string): { kind: 'invalid'; message: string } {
  return { kind: 'invalid', message };
}

function firstError(parsed: ParsedPatchFile, persona: Persona | undefined): string | undefined {
  return validatePatch(parsed, persona).find((problem) => problem.severity === 'error')?.message;
}
