import type { Services } from '../../services';

/** A failed listing shows as an error row in the view, so nothing more is reported here. */
export const refreshConversations =
  ({ conversations }: Services) =>
  () =>
    conversations.tracker.refresh().catch(() => undefined);
