import type { Services } from '../../services';

export const startTestConversationWithOptions =
  ({ conversations }: Services) =>
  (arg?: unknown) =>
    conversations.starter.run(arg, 'options');
