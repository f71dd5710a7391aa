import * as vscode from 'vscode';

/**
 * Lets a save that was not sent end without VS Code's "Failed to save" notice, yet dirty.
 * A file system provider can only fail a write (which shows that notice, with Save As and
 * Revert) or succeed; but VS Code keeps a document dirty when its text changed while the write
 * was under way. So, during the write, a character is inserted and removed again at the end of
 * the text: the text is exactly the user's, and VS Code keeps it dirty. The two edits carry no
 * undo stops, so they fold into the user's last edit instead of adding undo steps.
 */
export async function touchDuringWrite(document: vscode.TextDocument): Promise<void> {
  const end = document.positionAt(document.getText().length);
  const removal = new vscode.Range(end, end.translate(0, 1));
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  if (editor) {
    const quiet = { undoStopBefore: false, undoStopAfter: false };
    if (await editor.edit((edit) => edit.insert(end, ' '), quiet)) await editor.edit((edit) => edit.delete(removal), quiet);
    return;
  }
  for (const change of [
    (edit: vscode.WorkspaceEdit) => edit.insert(document.uri, end, ' '),
    (edit: vscode.WorkspaceEdit) => edit.delete(document.uri, removal),
  ]) {
    const edit = new vscode.WorkspaceEdit();
    change(edit);
    if (!(await vscode.workspace.applyEdit(edit))) return;
  }
}
