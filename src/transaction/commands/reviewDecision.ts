import type { ExtensionServices } from '../../services';
import type { CommandHandler } from '../../commands/ids';

/** The Apply title action of a change preview left open for review. */
export function applyReviewedChanges({ save }: ExtensionServices): CommandHandler {
  return () => save.review.decide('apply');
}

/** The Cancel title action of a change preview left open for review. */
export function cancelReviewedChanges({ save }: ExtensionServices): CommandHandler {
  return () => save.review.decide('cancel');
}
