import * as vscode from 'vscode';
import type { Services } from '../services';

export function registerShowLog({ log }: Services): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.showLog', () => log.show());
}
