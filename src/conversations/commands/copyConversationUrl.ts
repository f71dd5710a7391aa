import * as vscode from 'vscode';
import type { ConversationNode } from '../view';

export function registerCopyConversationUrl(): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.copyConversationUrl', async (node?: ConversationNode) => {
    const url = node?.kind === 'conversation' ? node.row.conversation.conversation_url : undefined;
    if (!url) return;
    await vscode.env.clipboard.writeText(url);
    vscode.window.setStatusBarMessage('Copied the conversation URL', 3000);
  });
}
