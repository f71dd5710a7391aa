import * as vscode from 'vscode';

/**
 * Replaces a document's whole text as one undoable edit. The range is left for VS Code to clamp
 * against the text it holds: a range measured on the extension host's copy is wrong while a change
 * made there (a revert) is still on its way, and would replace only part of the text.
 */
export function replaceAllText(document: vscode.TextDocument, text: string): Thenable<boolean> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), text);
  return vscode.workspace.applyEdit(edit);
}
