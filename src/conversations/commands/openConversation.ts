import * as vscode from 'vscode';
import type { ExtensionServices } from '../../services';
import type { ConversationNode } from '../view';

export function registerOpenConversation({ conversations }: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.openConversation', async (node?: ConversationNode) => {
    const url = node?.kind === 'conversation' ? node.row.conversation.conversation_url : undefined;
    if (url) await conversations.prompts.openUrl(url);
  });
}
