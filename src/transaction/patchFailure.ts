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
