import type { ExtensionServices } from '../../services';

export const validateWithTestMode =
  ({ conversations }: ExtensionServices) =>
  (arg?: unknown) =>
    conversations.starter.run(arg, 'testMode');
