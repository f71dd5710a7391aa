import * as vscode from 'vscode';

/** Why VS Code saves a document: writeFile is not told, the will-save event that precedes it is. */
export class SaveReasons implements vscode.Disposable {
  private readonly reasons = new Map<string, vscode.TextDocumentSaveReason>();
  private readonly subscription = vscode.workspace.onWillSaveTextDocument((event) =>
    this.reasons.set(event.document.uri.toString(), event.reason),
  );

  /** Whether the write of `uri` under way was asked for (Ctrl+S, Save All, closing with Save), not an auto-save. */
  takeManual(uri: vscode.Uri): boolean {
    const reason = this.reasons.get(uri.toString());
    this.reasons.delete(uri.toString());
    return reason === undefined || reason === vscode.TextDocumentSaveReason.Manual;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
