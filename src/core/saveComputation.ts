import { diffJson } from './diff';
import { guardOps } from './guard';
import type { Persona } from './json';
import { parseJsonObjectText, type TextProblem } from './parseJsonText';
import type { PatchPlan } from './patchPlan';
import { findServerOwnedChanges } from './personaRules';

export type SaveComputation =
  | { kind: 'invalid'; problems: TextProblem[] }
  | { kind: 'serverOwned'; pointers: string[]; edited: Persona }
  | { kind: 'noChanges'; edited: Persona }
  | PatchPlan;

export interface SaveOptions {
  guardWithTestOps: boolean;
}

/** Everything a save decides before talking to anyone: parse, check, diff, guard. */
export function computeSave(base: Persona, text: string, options: SaveOptions): SaveComputation {
  const parsed = parseJsonObjectText(text);
  if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems };
  return computeSaveFromValue(base, parsed.value, options);
}

export function computeSaveFromValue(base: Persona, edited: Persona, options: SaveOptions): SaveComputation {
  const pointers = findServerOwnedChanges(base, edited);
  if (pointers.length > 0) return { kind: 'serverOwned', pointers, edited };
  const ops = diffJson(base, edited);
  if (ops.length === 0) return { kind: 'noChanges', edited };
  return { kind: 'changes', edited, ops, body: options.guardWithTestOps ? guardOps(base, ops) : ops };
}
