import * as vscode from 'vscode';
import { setContextKey } from '../ui/contextKeys';
import { isPatchDocument } from './patchDocuments';

/**
 * Keeps the `tavus.patchFileActive` context key in step with the active editor, for the menus'
 * `when` clauses: `resourceFilename` only matches saved *.tavus-patch.json files, so an untitled
 * patch file (recognised by its `// tavus-persona:` header) needs this key for its palette and
 * title-bar entries.
 */
export class PatchFileContext implements vscode.Disposable {
  private current = false;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      // Typing or deleting the header turns an untitled document into a patch file or back.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.update();
      }),
      // Changing a document's language reopens it.
      vscode.workspace.onDidOpenTextDocument(() => this.update()),
    ];
    void this.set(this.compute());
  }

  /** Whether the active editor shows a patch file, as the context key says. */
  get active(): boolean {
    return this.current;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private compute(): boolean {
    const document = vscode.window.activeTextEditor?.document;
    return document !== undefined && isPatchDocument(document);
  }

  private update(): void {
    const active = this.compute();
    if (active !== this.current) void this.set(active);
  }

  private async set(active: boolean): Promise<void> {
    this.current = active;
    await setContextKey('tavus.patchFileActive', active);
  }
}
