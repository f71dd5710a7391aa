import * as vscode from 'vscode';
import type { ExtensionServices } from '../../services';
import { showTavusError } from '../../ui/errors';
import { endAndReport } from '../endCommand';

export function registerEndAllActiveConversations(services: ExtensionServices): vscode.Disposable {
  const { conversations, log } = services;
  return vscode.commands.registerCommand('tavus.endAllActiveConversations', async () => {
    try {
      await conversations.tracker.refresh();
    } catch (error) {
      void showTavusError('list the active conversations', error, (text) => log.clean(text));
      return endAndReport(services, []);
    }
    const active = conversations.tracker.activeConversations();
    if (active.length === 0) {
      void vscode.window.showInformationMessage('No conversation is active.');
      return endAndReport(services, []);
    }
    const notStartedHere = active.filter((c) => !conversations.tracker.records.has(c.conversation_id)).length;
    if (!(await conversations.prompts.confirmEndAll(active.length, notStartedHere))) return endAndReport(services, []);
    return endAndReport(
      services,
      active.map((c) => c.conversation_id),
    );
  });
}
