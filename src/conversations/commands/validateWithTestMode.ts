import * as vscode from 'vscode';
import type { ExtensionServices } from '../../services';

export function registerValidateWithTestMode({ conversations }: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.validateWithTestMode', (arg?: unknown) =>
    conversations.starter.run(arg, 'testMode'),
  );
}
