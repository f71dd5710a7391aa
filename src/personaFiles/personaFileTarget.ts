import * as vscode from 'vscode';
import { PERSONA_FILE_SUFFIX } from '../core/personaFile';
import { PREVIEW_SCHEME } from '../transaction/previewDocuments';
import type { Notifier } from '../ui/notifier';

export function isPersonaFileUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith(PERSONA_FILE_SUFFIX) && uri.scheme !== PREVIEW_SCHEME;
}

/** The file's name, as messages call it. */
export function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/**
 * The persona file a command acts on: the one it was invoked on (Explorer, editor title, CodeLens
 * pass its URI) or the active editor's. Its document, so unsaved edits are what is compared.
 */
export async function personaFileTarget(arg: unknown, notifier: Notifier): Promise<vscode.TextDocument | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !isPersonaFileUri(uri)) {
    void notifier.error(
      `Open a persona file (*${PERSONA_FILE_SUFFIX}) first, or use "Tavus: Pull Persona to Workspace…" to make one.`,
    );
    return undefined;
  }
  return vscode.workspace.openTextDocument(uri);
}
