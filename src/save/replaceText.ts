import * as vscode from 'vscode';

/**
 * Replaces a document's whole text as one undoable edit, and checks the result. The range is
 * measured on the extension host's copy of the text; while a change made elsewhere (a revert) is
 * still on its way, that copy is behind and VS Code applies the edit to part of the text only. The
 * copy is current again once applyEdit settles, so a wrong result is replaced once more.
 */
export async function replaceAllText(document: vscode.TextDocument, text: string): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, document.validateRange(new vscode.Range(0, 0, Number.MAX_SAFE_INTEGER, 0)), text);
    if ((await vscode.workspace.applyEdit(edit)) && document.getText() === text) return true;
  }
  return document.getText() === text;
}
