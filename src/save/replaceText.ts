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
    const range = document.validateRange(new vscode.Range(0, 0, Number.MAX_SAFE_INTEGER, 0));
    // Inserted line breaks take the document's kind; a text whose breaks are all CRLF (or all LF) brings its own.
    const eol = text.includes('\r\n') ? vscode.EndOfLine.CRLF : text.includes('\n') ? vscode.EndOfLine.LF : undefined;
    edit.set(document.uri, [
      vscode.TextEdit.replace(range, text),
      ...(eol === undefined ? [] : [vscode.TextEdit.setEndOfLine(eol)]),
    ]);
    if ((await vscode.workspace.applyEdit(edit)) && document.getText() === text) return true;
  }
  return document.getText() === text;
}
