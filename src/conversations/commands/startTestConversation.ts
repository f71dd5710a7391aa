import type { ExtensionServices } from '../../services';

export const startTestConversation =
  ({ conversations }: ExtensionServices) =>
  (arg?: unknown) =>
    conversations.starter.run(arg, 'start');
