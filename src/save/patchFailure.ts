import * as vscode from 'vscode';
import { describePatchOps } from '../core/requestLog';
import type { PatchOp } from '../core/json';
import { isTavusError } from '../tavus/errors';

/** A `test` op in the body can only fail on a 409/422; with a changed server copy that is our guard. */
export function isGuardRejection(error: unknown, body: readonly PatchOp[]): boolean {
  return isTavusError(error) && (error.status === 409 || error.status === 422) && body.some((op) => op.op === 'test');
}

/** Why a PATCH failed, for the user; `unchanged` says what the failure left as it was. */
export function describePatchFailure(error: unknown, body: readonly PatchOp[], unchanged = 'Your text is unchanged.'): string {
  if (!isTavusError(error)) return `Not saved: ${String(error)} ${unchanged}`;
  if (error.kind === 'rejected') {
    const op = failingOp(error.serverMessage, body);
    return `Tavus rejected the patch: ${error.serverMessage ?? error.message}${op ? ` (${op})` : ''}. ${unchanged}`;
  }
  if (error.kind === 'cancelled')
    return `Not saved: the request was cancelled; Tavus may or may not have received it. ${unchanged}`;
  return `Not saved: ${error.message} ${unchanged}`;
}

/** Tavus does not document an op index in its errors; when a message names one, show that op. */
function failingOp(serverMessage: string | undefined, body: readonly PatchOp[]): string | undefined {
  const match = /\bop(?:eration)?\s*(?:#|index\s*)?(\d+)/i.exec(serverMessage ?? '');
  const index = match ? Number(match[1]) : NaN;
  return Number.isInteger(index) && index < body.length ? `failing op: ${describePatchOps([body[index]])[0]}` : undefined;
}

/**
 * Offers what can fix a failed PATCH: a new key for auth errors, and (when `retry` is given) a
 * retry for transient ones.
 */
export function offerPatchRecovery(
  operation: string,
  error: unknown,
  clean: (text: string) => string,
  retry?: () => unknown,
): void {
  if (!isTavusError(error)) return;
  const action = error.kind === 'auth' ? 'Set API Key' : error.retryable && retry ? 'Retry' : undefined;
  if (!action) return;
  void vscode.window.showErrorMessage(clean(`Could not ${operation}: ${error.message}`), action).then((choice) => {
    if (choice === 'Set API Key') return vscode.commands.executeCommand('tavus.setApiKey');
    if (choice === 'Retry') return retry?.();
    return undefined;
  });
}
