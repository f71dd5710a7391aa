import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandHandler } from './ids';

export function filterPersonas({ tree }: Services): CommandHandler {
  return async () => {
    const text = await vscode.window.showInputBox({
      title: 'Filter Personas',
      prompt: 'Show personas whose name or id contains this text (leave empty to show all)',
      value: tree.filter,
    });
    if (text !== undefined) tree.setFilter(text);
  };
}
