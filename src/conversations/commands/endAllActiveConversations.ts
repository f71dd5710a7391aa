import type { Services } from '../../services';
import { activeConversationsOrSay, endAndReport } from '../endCommand';

export const endAllActiveConversations = (services: Services) => async () => {
  const { prompts, tracker } = services.conversations;
  const active = await activeConversationsOrSay(services);
  const notStartedHere = active.filter((c) => !tracker.records.has(c.conversation_id)).length;
  const confirmed = active.length > 0 && (await prompts.confirmEndAll(active.length, notStartedHere));
  return endAndReport(services, confirmed ? active.map((c) => c.conversation_id) : []);
};
