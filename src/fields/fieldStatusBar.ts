import * as vscode from 'vscode';
import { textStats, tokenLevel } from '../core/fieldText';
import type { Config } from '../config';
import { isFieldUri } from './fieldUri';

/**
 * The size of the field document in the active editor: characters, words and approximate
 * tokens, marked past the thresholds of `tavus.fieldText.warnTokens` and `maxTokens`.
 */
export class FieldStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tavus.fieldSize', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[];
  private visible = false;

  constructor(private readonly config: Config) {
    this.item.name = 'Tavus Field Size';
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.update();
      }),
      config.onDidChange(
        (change) => (change.affects('fieldText.warnTokens') || change.affects('fieldText.maxTokens')) && this.update(),
      ),
    ];
    this.update();
  }

  /** What the item shows now, or undefined when hidden; a test seam. */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isFieldUri(document.uri)) {
      this.visible = false;
      this.item.hide();
      return;
    }
    const { characters, words, tokens } = textStats(document.getText());
    const { limits } = this.config.fieldText;
    const level = tokenLevel(tokens, limits);
    const counts = `${characters.toLocaleString('en-US')} chars · ${words.toLocaleString('en-US')} words · ≈${tokens.toLocaleString('en-US')} tokens`;
    this.item.text = level === 'ok' ? `$(symbol-text) ${counts}` : `$(warning) ${counts}`;
    this.item.tooltip =
      level === 'over'
        ? `Over ${limits.maxTokens.toLocaleString('en-US')} tokens: Tavus's hosted LLMs cannot take a prompt this long.`
        : level === 'warning'
          ? `Over ${limits.warnTokens.toLocaleString('en-US')} tokens: hosted LLMs follow prompts this long less well.`
          : 'Approximate tokens: about four characters each.';
    this.item.backgroundColor =
      level === 'over'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : level === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.visible = true;
    this.item.show();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}
