import * as vscode from 'vscode';
import type { Services } from '../../services';
import type { ConversationNode } from '../view';

export const copyConversationUrl =
  ({ notifier }: Services) =>
  async (arg?: unknown) => {
    const node = arg as ConversationNode | undefined;
    const url = node?.kind === 'conversation' ? node.row.conversation.conversation_url : undefined;
    if (!url) return;
    await vscode.env.clipboard.writeText(url);
    notifier.status('Copied the conversation URL');
  };
