import * as vscode from 'vscode';

/** Replaces a document's whole text as one undoable edit. */
export function replaceAllText(document: vscode.TextDocument, text: string): Thenable<boolean> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, document.validateRange(new vscode.Range(0, 0, Number.MAX_SAFE_INTEGER, 0)), text);
  return vscode.workspace.applyEdit(edit);
}
