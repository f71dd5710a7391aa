import * as vscode from 'vscode';
import { pointerAtOffset } from '../core/pointerAtOffset';
import { isPersonaUri } from '../personas/uri';

const UPDATE_DELAY_MS = 100;

/** Shows the JSON pointer at the cursor while a persona document is active; a click copies it. */
export class PointerStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tavus.jsonPointer', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[];
  private timer?: NodeJS.Timeout;

  constructor() {
    this.item.name = 'Tavus JSON Pointer';
    this.item.command = 'tavus.copyJsonPointer';
    this.item.tooltip = 'JSON pointer of the value at the cursor. Click to copy.';
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.scheduleUpdate()),
      vscode.window.onDidChangeTextEditorSelection(() => this.scheduleUpdate()),
    ];
    this.update();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }

  private scheduleUpdate(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), UPDATE_DELAY_MS);
  }

  private update(): void {
    const editor = vscode.window.activeTextEditor;
    const pointer =
      editor && isPersonaUri(editor.document.uri)
        ? pointerAtOffset(editor.document.getText(), editor.document.offsetAt(editor.selection.active))
        : undefined;
    if (pointer === undefined) return this.item.hide();
    this.item.text = `$(symbol-field) ${pointer || '/'}`;
    this.item.show();
  }
}
