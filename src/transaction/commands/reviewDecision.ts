import type { Services } from '../../services';
import type { CommandHandler } from '../../commands/ids';

/** The Apply title action of a change preview left open for review. */
export function applyReviewedChanges({ save }: Services): CommandHandler {
  return () => save.review.decide('apply');
}

/** The Cancel title action of a change preview left open for review. */
export function cancelReviewedChanges({ save }: Services): CommandHandler {
  return () => save.review.decide('cancel');
}
