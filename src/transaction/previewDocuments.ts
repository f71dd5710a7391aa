import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'tavus-preview';

/** Read-only snapshots (the server copy, a proposed result) shown on the sides of diff editors. */
export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;
  // Snapshots of big personas should not pile up: drop each once VS Code closes its document.
  private readonly closing = vscode.workspace.onDidCloseTextDocument((document) => this.texts.delete(document.uri.toString()));

  /** A fresh URI per snapshot, so an old diff tab never shows newer text under the same name. */
  create(title: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${++this.counter}/${title.replace(/\//g, '-')}.json` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  /** Whether this URI is one of the snapshots shown here. */
  owns(uri: vscode.Uri): boolean {
    return uri.scheme === PREVIEW_SCHEME && this.texts.has(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '// This preview is no longer available.\n';
  }

  dispose(): void {
    this.closing.dispose();
    this.changed.dispose();
    this.texts.clear();
  }
}
