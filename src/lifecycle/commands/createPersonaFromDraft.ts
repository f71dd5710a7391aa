import * as vscode from 'vscode';
import type { CommandHandler } from '../../commands/ids';
import type { Services } from '../../services';

/** Ctrl+S in a draft: the create, with its preview. */
export function createPersonaFromDraft(services: Services): CommandHandler {
  return async (arg?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || !services.lifecycle.drafts.get(uri)) {
      void services.notifier.info('Open a draft of a new persona first (Tavus: New Persona…).');
      return undefined;
    }
    return services.lifecycle.creator.createFromDraft(await vscode.workspace.openTextDocument(uri));
  };
}
