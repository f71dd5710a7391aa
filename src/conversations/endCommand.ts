import * as vscode from 'vscode';
import type { Conversation } from '../core/conversations';
import type { Services } from '../services';
import { showTavusError } from '../ui/errors';
import { endConversations, type EndReport } from './ending';

/** The active conversations as Tavus lists them now; when there are none, or listing failed, the user is told. */
export async function activeConversationsOrSay({ conversations, notifier }: Services): Promise<Conversation[]> {
  try {
    await conversations.tracker.refresh();
  } catch (error) {
    void showTavusError(notifier, 'list the active conversations', error);
    return [];
  }
  const active = conversations.tracker.activeConversations();
  if (active.length === 0) void notifier.info('No conversation is active.');
  return active;
}

/** Ends the conversations and says what failed; an already-ended one is not worth a word. */
export async function endAndReport({ conversations, log, notifier }: Services, ids: readonly string[]): Promise<EndReport> {
  if (ids.length === 0) return { ended: [], failed: [] };
  const report = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: ids.length === 1 ? 'Ending the conversation…' : `Ending ${ids.length} conversations…`,
    },
    () => endConversations(conversations.client, conversations.tracker, ids),
  );
  const [first] = report.failed;
  if (first !== undefined) {
    const more = report.failed.length > 1 ? ` (and ${report.failed.length - 1} more)` : '';
    void notifier
      .error(`Could not end conversation ${first.id}${more}: ${first.message}`, 'Show Log')
      .then((choice) => choice && vscode.commands.executeCommand('tavus.showLog'));
    for (const failure of report.failed) log.error(`Could not end conversation ${failure.id}: ${failure.message}`);
  }
  return report;
}
