import type * as vscode from 'vscode';

/**
 * Clears a document's diagnostics only when there are some: DiagnosticCollection.delete is a
 * message to the workbench even when there is nothing to delete, and the callers run on every
 * keystroke in every document.
 */
export function clearDiagnostics(collection: vscode.DiagnosticCollection, uri: vscode.Uri): void {
  if (collection.has(uri)) collection.delete(uri);
}
