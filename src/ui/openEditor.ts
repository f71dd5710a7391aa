import * as vscode from 'vscode';

/**
 * Opens `uri` in an editor without the extension host taking the document: showTextDocument(uri)
 * opens it through openTextDocument, and VS Code keeps a document the extension host opened alive
 * for up to three minutes after its editor closes (a large persona's text, in both processes).
 */
export async function openEditor(uri: vscode.Uri, options: { preview: boolean }): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', uri, options);
}
