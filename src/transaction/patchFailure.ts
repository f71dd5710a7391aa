import type { PatchOp } from '../core/json';
import { describePatchOps } from '../core/requestLog';
import { isTavusError } from '../tavus/errors';

/**
 * Why a write failed, for the user; `kept` says what the failure left as it was, `what` names what
 * was sent ("the patch", or "the persona" for a create).
 */
export function describePatchFailure(error: unknown, body: readonly PatchOp[], kept: string, what = 'the patch'): string {
  if (!isTavusError(error)) return `Not sent: ${sentence(String(error))} ${kept}`;
  if (error.kind === 'rejected') {
    const op = failingOp(error.serverMessage, body);
    return `Tavus rejected ${what}: ${sentence((error.serverMessage ?? error.message) + (op ? ` (${op})` : ''))} ${kept}`;
  }
  if (error.kind === 'cancelled') return `Not sent: the request was cancelled; Tavus may or may not have received it. ${kept}`;
  return `Not sent: ${sentence(error.message)} ${kept}`;
}

/** A write that failed before its PATCH went out. */
export function notSentMessage(error: unknown, kept: string): string {
  return `Not sent: ${sentence(error instanceof Error ? error.message : String(error))} Nothing was sent. ${kept}`;
}

/** Added to a failed PATCH's message when the persona moved all the same. */
export const PARTLY_APPLIED = 'The persona changed on Tavus anyway: part of the patch may have been applied.';

/** A 2xx whose re-read does not show what was sent. */
export function unverifiedMessage(missing: readonly string[], kept: string): string {
  return `Tavus answered OK, but the persona it now holds does not show ${missing.join(', ')} as sent. ${kept}`;
}

/** Why nothing was sent when Tavus's copy is no longer the one the change was made from. */
export function movedMessage(label: string, reason: 'changed' | 'unknownOrigin'): string {
  return reason === 'unknownOrigin'
    ? `The copy of "${label}" this text was made from is not known any more (the window was reloaded), and Tavus has changed since. Nothing was sent.`
    : `"${label}" changed on Tavus since you opened it. Nothing was sent.`;
}

/** Tavus's text ends how it ends; ours follows after a full stop. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Tavus does not document an op index in its errors; when a message names one, show that op. */
function failingOp(serverMessage: string | undefined, body: readonly PatchOp[]): string | undefined {
  const match = /\bop(?:eration)?\s*(?:#|index\s*)?(\d+)/i.exec(serverMessage ?? '');
  const index = match ? Number(match[1]) : NaN;
  const op = Number.isInteger(index) ? body[index] : undefined;
  return op ? `failing op: ${describePatchOps([op])[0]}` : undefined;
}
