import type { Services } from '../../services';
import { activeConversationsOrSay, endAndReport } from '../endCommand';
import type { ConversationNode } from '../view';

/** From the view: the row's conversation. From the palette: a pick of the active ones. */
export const endConversation = (services: Services) => async (arg?: unknown) => {
  const node = arg as ConversationNode | undefined;
  if (node?.kind === 'conversation') return endAndReport(services, [node.row.conversation.conversation_id]);
  const active = await activeConversationsOrSay(services);
  const picked =
    active.length > 0
      ? await services.conversations.prompts.pickConversations(active, 'Select the conversation to end', false)
      : [];
  return endAndReport(
    services,
    picked.map((c) => c.conversation_id),
  );
};
