import * as vscode from 'vscode';
import { isPatchDocument } from '../patchDocuments';
import type { Notifier } from '../../ui/notifier';

/** The patch file a command acts on: the one passed (CodeLens, editor title) or the active one. */
export async function activePatchDocument(arg: unknown, notifier: Notifier): Promise<vscode.TextDocument | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const document = uri && (await vscode.workspace.openTextDocument(uri));
  if (!document || !isPatchDocument(document)) {
    void notifier.info('Open a Tavus patch file (*.tavus-patch.json) first.');
    return undefined;
  }
  return document;
}
