import * as vscode from 'vscode';
import type { ExtensionServices } from '../../services';

export function registerStartTestConversation({ conversations }: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.startTestConversation', (arg?: unknown) =>
    conversations.starter.run(arg, 'start'),
  );
}
