import * as vscode from 'vscode';
import type { Services } from '../../services';
import { fieldPersonaId, isFieldUri } from '../fieldUri';

/**
 * Ctrl+S on a field document; a command for the reason savePersona is one: what is
 * not sent stays dirty, with the extension's own message.
 */
export function saveFieldToTavus({ fields, notifier }: Services): (...args: unknown[]) => unknown {
  return async (arg?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || !isFieldUri(uri)) {
      void notifier.info('Open a field document first (Tavus: Edit Field as Text).');
      return false;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    // A patch file's field is written back into the patch file, by VS Code's own save.
    return fieldPersonaId(uri) === undefined ? document.save() : fields.saver.save(document);
  };
}
