import * as vscode from 'vscode';
import type { Services } from '../services';

export function registerClearPersonaFilter({ tree }: Services): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.clearPersonaFilter', () => tree.setFilter(''));
}
