import * as vscode from 'vscode';

/** Quick requests should not flash a notification; slow ones get one whose Cancel aborts them. */
const SHOW_AFTER_MS = 1_500;

/**
 * Runs `task`, and if it is still running after a moment shows a cancellable progress
 * notification; Cancel aborts the signal the task was given.
 */
export async function withSlowProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const running = task(controller.signal);
  let settled = false;
  const timer = setTimeout(() => {
    if (settled) return;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (_progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        return running.catch(() => undefined);
      },
    );
  }, SHOW_AFTER_MS);
  try {
    return await running;
  } finally {
    settled = true;
    clearTimeout(timer);
  }
}
