import type { ExtensionServices } from '../../services';
import type { ConversationNode } from '../view';

export const openConversation =
  ({ conversations }: ExtensionServices) =>
  async (arg?: unknown) => {
    const node = arg as ConversationNode | undefined;
    const url = node?.kind === 'conversation' ? node.row.conversation.conversation_url : undefined;
    if (url) await conversations.prompts.openUrl(url);
  };
