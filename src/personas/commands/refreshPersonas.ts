import type { Services } from '../../services';
import type { CommandHandler } from '../../commands/ids';

export function refreshPersonas({ catalog }: Services): CommandHandler {
  return () => catalog.refresh();
}

export function cancelLoading({ catalog }: Services): CommandHandler {
  return () => catalog.cancel();
}
