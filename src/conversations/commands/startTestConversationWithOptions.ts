import type { ExtensionServices } from '../../services';

export const startTestConversationWithOptions =
  ({ conversations }: ExtensionServices) =>
  (arg?: unknown) =>
    conversations.starter.run(arg, 'options');
