import type { Services } from '../../services';

export const validateWithTestMode =
  ({ conversations }: Services) =>
  (arg?: unknown) =>
    conversations.starter.run(arg, 'testMode');
