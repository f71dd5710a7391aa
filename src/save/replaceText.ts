import * as vscode from 'vscode';
import { changedSpan } from '../core/changeSnippet';

/**
 * Replaces a document's whole text as one undoable edit, and checks the result. Only the span that
 * differs is sent: after a save the new text is mostly the old one, and a whole-text edit of a
 * large persona costs the workbench and every language feature a full re-read. The range is
 * measured on the extension host's copy of the text; while a change made elsewhere (a revert) is
 * still on its way, that copy is behind and VS Code applies the edit to part of the text only. The
 * copy is current again once applyEdit settles, so a wrong result is replaced once more.
 */
export async function replaceAllText(document: vscode.TextDocument, text: string): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const edit = textEdits(document, text);
    if (edit === undefined) return true;
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.set(document.uri, edit);
    if ((await vscode.workspace.applyEdit(workspaceEdit)) && document.getText() === text) return true;
  }
  return document.getText() === text;
}

/** The edits from the document's text to `text`; undefined when there is nothing to change. */
function textEdits(document: vscode.TextDocument, text: string): vscode.TextEdit[] | undefined {
  // Inserted line breaks take the document's kind; a text whose breaks are all CRLF (or all LF) brings its own.
  const eol = text.includes('\r\n') ? vscode.EndOfLine.CRLF : text.includes('\n') ? vscode.EndOfLine.LF : undefined;
  if (eol === undefined || eol === document.eol) {
    const span = changedSpan(document.getText(), text);
    if (span === undefined) return undefined;
    const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
    return [vscode.TextEdit.replace(range, span.inserted)];
  }
  const whole = document.validateRange(new vscode.Range(0, 0, Number.MAX_SAFE_INTEGER, 0));
  return [vscode.TextEdit.replace(whole, text), vscode.TextEdit.setEndOfLine(eol)];
}
