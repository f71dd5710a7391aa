import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from './tavus/baseUrl';

export interface TavusSettings {
  apiBaseUrl: string;
  pageSize: number;
  requestTimeoutMs: number;
}

export function readSettings(): TavusSettings {
  const config = vscode.workspace.getConfiguration('tavus');
  return {
    apiBaseUrl: config.get<string>('apiBaseUrl', DEFAULT_BASE_URL),
    pageSize: config.get<number>('pageSize', 100),
    requestTimeoutMs: config.get<number>('requestTimeoutSeconds', 30) * 1000,
  };
}

export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('tavus.apiBaseUrl') || event.affectsConfiguration('tavus.pageSize');
}

/**
 * A setting that relaxes a safety net counts only where the user set it: a cloned repository's
 * `.vscode/settings.json` must not switch off the preview or the guard. The settings are declared
 * `"scope": "application"`, so VS Code already ignores workspace values; reading the user value
 * through inspect() keeps that true whatever the declaration says.
 */
function userLevelFlag(name: string, fallback: boolean): boolean {
  const inspected = vscode.workspace.getConfiguration('tavus').inspect<boolean>(name);
  const value = inspected?.globalValue ?? inspected?.defaultValue;
  return typeof value === 'boolean' ? value : fallback;
}

/** `tavus.confirmBeforeApply`, user settings only. */
export function confirmBeforeApply(): boolean {
  return userLevelFlag('confirmBeforeApply', true);
}

/** `tavus.guardWithTestOps`, user settings only. */
export function guardWithTestOps(): boolean {
  return userLevelFlag('guardWithTestOps', true);
}
