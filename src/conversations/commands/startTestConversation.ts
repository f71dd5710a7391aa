import type { Services } from '../../services';

export const startTestConversation =
  ({ conversations }: Services) =>
  (arg?: unknown) =>
    conversations.starter.run(arg, 'start');
