import type { Services } from '../../services';
import type { ConversationNode } from '../view';

export const openConversation =
  ({ conversations }: Services) =>
  async (arg?: unknown) => {
    const node = arg as ConversationNode | undefined;
    const url = node?.kind === 'conversation' ? node.row.conversation.conversation_url : undefined;
    if (url) await conversations.prompts.openUrl(url);
  };
