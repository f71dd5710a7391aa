import * as vscode from 'vscode';
import type { Services } from '../services';

export function registerFilterPersonas({ tree }: Services): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.filterPersonas', async () => {
    const text = await vscode.window.showInputBox({
      title: 'Filter Personas',
      prompt: 'Show personas whose name or id contains this text (leave empty to show all)',
      value: tree.filter,
    });
    if (text !== undefined) tree.setFilter(text);
  });
}
