import * as vscode from 'vscode';
import { isTavusError } from '../tavus/errors';
import type { Notifier } from './notifier';

export function describeError(error: unknown): string {
  if (isTavusError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export interface ErrorActions {
  retry?: () => unknown;
}

const SET_API_KEY = 'Set API Key';
const RETRY = 'Retry';
const OPEN_SETTINGS = 'Open Settings';
const SHOW_LOG = 'Show Log';

/**
 * The one place errors become notifications: "Could not <operation>: <cause>", with the actions
 * that can fix the cause.
 */
export async function showTavusError(
  notifier: Notifier,
  operation: string,
  error: unknown,
  actions: ErrorActions = {},
): Promise<void> {
  if (isTavusError(error) && error.kind === 'cancelled') return;
  const buttons: string[] = [];
  if (isTavusError(error) && error.kind === 'auth') buttons.push(SET_API_KEY);
  if (isTavusError(error) && error.kind === 'config') buttons.push(OPEN_SETTINGS);
  if (actions.retry && (!isTavusError(error) || error.retryable)) buttons.push(RETRY);
  buttons.push(SHOW_LOG);
  const choice = await notifier.error(`Could not ${operation}: ${describeError(error)}`, ...buttons);
  if (choice === SET_API_KEY) await vscode.commands.executeCommand('tavus.setApiKey');
  if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'tavus');
  if (choice === RETRY) await actions.retry?.();
  if (choice === SHOW_LOG) await vscode.commands.executeCommand('tavus.showLog');
}
