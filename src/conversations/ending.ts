import { elementAt } from '../core/json';
import { describeError } from '../ui/errors';
import type { ConversationApi } from '../tavus/conversations';
import type { ConversationTracker } from './tracker';

export interface EndReport {
  ended: string[];
  failed: { id: string; message: string }[];
}

/** Ends each conversation (in parallel); one that Tavus had already ended counts as ended, quietly. */
export async function endConversations(
  api: ConversationApi,
  tracker: ConversationTracker,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<EndReport> {
  const outcomes = await Promise.allSettled(ids.map((id) => api.endConversation(id, signal)));
  const report: EndReport = { ended: [], failed: [] };
  outcomes.forEach((outcome, index) => {
    const id = elementAt(ids, index);
    if (outcome.status === 'fulfilled') report.ended.push(id);
    else report.failed.push({ id, message: describeError(outcome.reason) });
  });
  if (report.ended.length > 0) await tracker.markEnded(report.ended);
  return report;
}

/** How long closing VS Code may wait for the End requests; after that they are abandoned. */
export const END_ON_EXIT_TIMEOUT_MS = 3_000;

/** Best effort at shutdown: ends every conversation started here that may still be running, within a short timeout. */
export async function endStartedHereOnExit(
  api: ConversationApi,
  tracker: ConversationTracker,
  timeoutMs = END_ON_EXIT_TIMEOUT_MS,
): Promise<EndReport> {
  const ids = tracker.live().map((r) => r.id);
  if (ids.length === 0) return { ended: [], failed: [] };
  const signal = AbortSignal.timeout(timeoutMs);
  const abandoned = new Promise<EndReport>((resolve) =>
    signal.addEventListener('abort', () => resolve({ ended: [], failed: ids.map((id) => ({ id, message: 'timed out' })) }), {
      once: true,
    }),
  );
  return Promise.race([endConversations(api, tracker, ids, signal), abandoned]);
}
