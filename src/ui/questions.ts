import * as vscode from 'vscode';

/** How a quick pick or an input box gets its answer. */
export interface Answerer {
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
}

const VS_CODE: Answerer = {
  pick: (items, options) => vscode.window.showQuickPick(items, options),
  input: (options) => vscode.window.showInputBox(options),
};

/**
 * The persona pickers and the key input ask through here. The extension host cannot type into
 * VS Code's quick input, so integration tests set `answerer` to a stand-in that picks and types.
 */
export class Questions {
  answerer: Answerer = VS_CODE;

  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined> {
    return this.answerer.pick(items, options);
  }

  input(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    return this.answerer.input(options);
  }
}
