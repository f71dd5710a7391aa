import * as vscode from 'vscode';
import type { PatchOp } from '../core/json';
import type { PatchOutcome, TavusApi } from '../tavus/api';

/** Sends a PATCH behind a progress notification whose Cancel aborts the request. */
export function patchWithProgress(api: TavusApi, id: string, body: readonly PatchOp[], title: string): Thenable<PatchOutcome> {
  return withRequestProgress(title, (signal) => api.patchPersona(id, body, signal));
}

/** Sends one write (PATCH, POST, DELETE) behind a progress notification whose Cancel aborts it. */
export function withRequestProgress<T>(title: string, send: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return send(controller.signal);
    },
  );
}
