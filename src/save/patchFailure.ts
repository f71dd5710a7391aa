import { describePatchOps } from '../core/requestLog';
import type { PatchOp } from '../core/json';
import { isTavusError } from '../tavus/errors';

/** A `test` op in the body can only fail on a 409/422; with a changed server copy that is our guard. */
export function isGuardRejection(error: unknown, body: readonly PatchOp[]): boolean {
  return isTavusError(error) && (error.status === 409 || error.status === 422) && body.some((op) => op.op === 'test');
}

/** The message a failed PATCH leaves in VS Code's "Failed to save" notice. */
export function describePatchFailure(error: unknown, body: readonly PatchOp[]): string {
  const unchanged = 'Your text is unchanged.';
  if (!isTavusError(error)) return `Not saved: ${String(error)} ${unchanged}`;
  if (error.kind === 'rejected') {
    const op = failingOp(error.serverMessage, body);
    return `Tavus rejected the patch: ${error.serverMessage ?? error.message}${op ? ` (${op})` : ''}. ${unchanged}`;
  }
  if (error.kind === 'cancelled') return `Not saved: the request was cancelled; Tavus may or may not have received it. ${unchanged}`;
  return `Not saved: ${error.message} ${unchanged}`;
}

/** Tavus does not document an op index in its errors; when a message names one, show that op. */
function failingOp(serverMessage: string | undefined, body: readonly PatchOp[]): string | undefined {
  const match = /\bop(?:eration)?\s*(?:#|index\s*)?(\d+)/i.exec(serverMessage ?? '');
  const index = match ? Number(match[1]) : NaN;
  return Number.isInteger(index) && index < body.length ? `failing op: ${describePatchOps([body[index]])[0]}` : undefined;
}
