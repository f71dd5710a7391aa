import * as vscode from 'vscode';
import { personaLabel } from '../core/personaRules';
import type { Services } from '../services';
import { isPersonaUri, personaIdFromUri } from './uri';

/**
 * The file system marks stock personas read-only, but VS Code has no per-file way to say why;
 * so the first time each one opens in a session, however it was opened, we say it.
 */
export function registerStockNotice(context: vscode.ExtensionContext, { catalog, store }: Services): void {
  const noticed = new Set<string>();
  const noticeIfStock = async (document: vscode.TextDocument): Promise<void> => {
    if (!isPersonaUri(document.uri)) return;
    const id = personaIdFromUri(document.uri);
    if (noticed.has(id) || !(await catalog.isStock(id))) return;
    noticed.add(id);
    const persona = store.get(id);
    void vscode.window.showInformationMessage(
      `"${persona ? personaLabel(persona) : id}" is a Tavus stock persona. Tavus does not allow editing it, so it opens read-only.`,
    );
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(noticeIfStock));
}
