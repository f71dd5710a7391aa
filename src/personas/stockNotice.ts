import * as vscode from 'vscode';
import type { Services } from '../services';
import { isPersonaUri, personaIdFromUri, PERSONA_SCHEME } from './uri';

export const STOCK_NOTICE = '$(lock) Tavus stock persona: Tavus does not allow editing it, so it is read-only';

/**
 * The file system marks stock personas read-only, but VS Code has no per-file way to say why;
 * so the document says it on its first line, where it stays as long as the tab is open, instead
 * of a notification each time one opens.
 */
export function registerStockNotice(context: vscode.ExtensionContext, { catalog }: Pick<Services, 'catalog'>): void {
  const provider: vscode.CodeLensProvider = {
    async provideCodeLenses(document) {
      if (!isPersonaUri(document.uri) || !(await catalog.isStock(personaIdFromUri(document.uri)))) return [];
      // A lens without a command is plain text: there is nothing to do about it.
      return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: STOCK_NOTICE, command: '' })];
    },
  };
  context.subscriptions.push(vscode.languages.registerCodeLensProvider({ scheme: PERSONA_SCHEME }, provider));
}
