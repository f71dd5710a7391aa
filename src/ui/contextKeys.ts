import * as vscode from 'vscode';

/** The context keys package.json's `when` clauses use; test/unit/manifest.test.ts checks both sides. */
export type ContextKey = 'tavus.hasApiKey' | 'tavus.personaFilterActive' | 'tavus.patchFileActive';

export function setContextKey(key: ContextKey, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
