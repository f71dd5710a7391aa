import * as vscode from 'vscode';
import type { ConversationNode } from '../view';

export const copyConversationUrl = () => async (arg?: unknown) => {
  const node = arg as ConversationNode | undefined;
  const url = node?.kind === 'conversation' ? node.row.conversation.conversation_url : undefined;
  if (!url) return;
  await vscode.env.clipboard.writeText(url);
  vscode.window.setStatusBarMessage('Copied the conversation URL', 3000);
};
