import * as vscode from 'vscode';
import { isPatchDocument } from '../patches/patchDocuments';

/** The patch file a command acts on: the one passed (CodeLens, editor title) or the active one. */
export async function activePatchDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const document = uri && (await vscode.workspace.openTextDocument(uri));
  if (!document || !isPatchDocument(document)) {
    void vscode.window.showInformationMessage('Open a Tavus patch file (*.tavus-patch.json) first.');
    return undefined;
  }
  return document;
}
