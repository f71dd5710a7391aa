import { describeOps } from '../core/changeSnippet';
import { jsonEqual } from '../core/diff';
import { guardOps } from '../core/guard';
import type { PatchOp, Persona } from '../core/json';
import { describeOverlap } from '../core/merge';
import { collectOpSecrets } from '../core/redact';
import { counted } from '../core/text';
import { describeNormalisation, verifyPatch } from '../core/verify';
import { checkFreshness, classifyPatchFailure, type Send } from '../core/writePlan';
import type { TavusApi } from '../tavus/api';
import { isTavusError } from '../tavus/errors';
import {
  describePatchFailure,
  movedMessage,
  notSentMessage,
  PARTLY_APPLIED,
  sentence,
  unverifiedMessage,
} from '../transaction/patchFailure';
import { confirmationFor, REFUSE_WITHOUT_TTY } from './args';
import type { CliOutput } from './output';

/** What a failure leaves as it was, and what success is called, as the extension's WriteAction says it. */
export interface CliWriteAction {
  done: string;
  kept: string;
}

export interface CliWrite {
  id: string;
  label: string;
  action: CliWriteAction;
  /** Tavus's copy the ops were computed against. */
  origin: Persona;
  edited: Persona;
  ops: PatchOp[];
}

export interface WriteFlags {
  dryRun: boolean;
  yes: boolean;
}

export interface Asker {
  stdinIsTty: boolean;
  /** Asks a yes/no question on the terminal; only called when stdin is one. */
  ask(question: string): Promise<boolean>;
}

export type WriteResult =
  | { kind: 'applied'; changed: boolean; ops: PatchOp[]; adjusted?: string }
  | { kind: 'changesFound' }
  | { kind: 'declined' }
  | { kind: 'error'; message: string };

/**
 * The extension's patch transaction without its dialogs: show the ops, confirm, freshness read
 * against the origin, guarded PATCH, re-read and verify. A persona that moved on Tavus is never
 * merged or overwritten here: running the command again compares with the new copy.
 */
export async function runWrite(
  api: TavusApi,
  write: CliWrite,
  flags: WriteFlags,
  asker: Asker,
  out: CliOutput,
): Promise<WriteResult> {
  const confirmation = confirmationFor(flags, asker.stdinIsTty);
  // With --json, stdout is for the result; whoever answers the question still sees the ops.
  const realChanges = showChanges(out, write, confirmation === 'ask' && out.json ? 'stderr' : 'stdout');
  if (confirmation === 'dryRun') return { kind: 'changesFound' };
  if (confirmation === 'refuse') return { kind: 'error', message: REFUSE_WITHOUT_TTY };
  if (confirmation === 'ask') {
    const question = `Apply ${counted(realChanges, 'change')} to "${write.label}" on Tavus?`;
    if (!(await asker.ask(out.clean(question)))) return { kind: 'declined' };
  }
  try {
    return await sendIfFresh(api, write, out);
  } catch (error) {
    return { kind: 'error', message: notSentMessage(error, write.action.kept) };
  }
}

/** Lists the ops as the extension's preview does (one line each, secrets redacted); returns how many change something. */
export function showChanges(
  out: CliOutput,
  write: Pick<CliWrite, 'id' | 'label' | 'origin' | 'ops'>,
  to: 'stdout' | 'stderr' = 'stdout',
): number {
  const { lines, realChanges } = describeOps(write.origin, write.ops);
  out.addSecrets(collectOpSecrets(write.ops));
  const print = (text: string) => (to === 'stdout' ? out.line(text) : out.note(text));
  print(`${counted(realChanges, 'change')} to "${write.label}" (${write.id}):`);
  for (const line of lines) print(`  ${line}`);
  return realChanges;
}

async function sendIfFresh(api: TavusApi, write: CliWrite, out: CliOutput): Promise<WriteResult> {
  const freshness = checkFreshness(write.origin, write.edited, write.ops, await api.getPersona(write.id));
  if (freshness.kind === 'moved') {
    return moved(write, freshness.merge?.kind === 'conflict' ? freshness.merge.overlaps.map(describeOverlap) : []);
  }
  const { send } = freshness;
  const body = guardOps(send.base, send.ops);
  let changed: boolean;
  try {
    ({ changed } = await api.patchPersona(write.id, body));
  } catch (error) {
    return afterFailedPatch(api, write, send, body, error);
  }
  return reread(api, write, send, changed, out);
}

function moved(write: CliWrite, overlaps: string[]): WriteResult {
  const both = overlaps.length > 0 ? ` Both changed: ${overlaps.join('; ')}.` : '';
  return {
    kind: 'error',
    message: `${movedMessage(write.label, 'changed')}${both} Run the command again to compare with Tavus's current copy.`,
  };
}

async function afterFailedPatch(
  api: TavusApi,
  write: CliWrite,
  send: Send,
  body: PatchOp[],
  error: unknown,
): Promise<WriteResult> {
  const current = await api.getPersona(write.id).catch(() => undefined);
  const wasMoved = current !== undefined && !jsonEqual(current, send.base);
  const failure = classifyPatchFailure(isTavusError(error) ? error.status : undefined, body, wasMoved);
  if (failure === 'guardRejected') return moved(write, []);
  const partly = failure === 'partlyApplied' ? ` ${PARTLY_APPLIED}` : '';
  return { kind: 'error', message: describePatchFailure(error, body, write.action.kept) + partly };
}

/** A 2xx is not taken on trust: Tavus must now show what was sent. */
async function reread(api: TavusApi, write: CliWrite, send: Send, changed: boolean, out: CliOutput): Promise<WriteResult> {
  let now: Persona;
  try {
    now = await api.getPersona(write.id);
  } catch (error) {
    out.note(`${write.action.done} "${write.label}", but could not read it back from Tavus: ${sentence(errorText(error))}`);
    return { kind: 'applied', changed, ops: send.ops };
  }
  if (!changed) return { kind: 'applied', changed, ops: send.ops };
  const { missing, normalised } = verifyPatch(send.edited, now, send.ops);
  if (missing.length > 0) return { kind: 'error', message: unverifiedMessage(missing, write.action.kept) };
  const adjusted = describeNormalisation(normalised);
  return { kind: 'applied', changed, ops: send.ops, ...(adjusted ? { adjusted } : {}) };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
