import * as vscode from 'vscode';
import type { ExtensionServices } from '../../services';

export function registerStartTestConversationWithOptions({ conversations }: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.startTestConversationWithOptions', (arg?: unknown) =>
    conversations.starter.run(arg, 'options'),
  );
}
