import * as vscode from 'vscode';

/** The context keys package.json's `when` clauses use; test/unit/manifest.test.ts checks both sides. */
export type ContextKey =
  /** 'none' | 'set' | 'rejected'; unset until the key was looked up, so no welcome text flashes. */
  | 'tavus.apiKey'
  | 'tavus.personaFilterActive'
  | 'tavus.personasLoading'
  | 'tavus.patchFileActive'
  /** The Push History view shows only some entries. */
  | 'tavus.historyFilterActive'
  /** A change preview is open for review, waiting for its Apply or Cancel title action. */
  | 'tavus.previewPending';

export function setContextKey(key: ContextKey, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
