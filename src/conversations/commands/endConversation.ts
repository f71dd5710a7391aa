import * as vscode from 'vscode';
import type { ExtensionServices } from '../../services';
import { showTavusError } from '../../ui/errors';
import { endAndReport } from '../endCommand';
import type { ConversationNode } from '../view';

/** From the view: the row's conversation. From the palette: a pick of the active ones. */
export function registerEndConversation(services: ExtensionServices): vscode.Disposable {
  const { conversations } = services;
  return vscode.commands.registerCommand('tavus.endConversation', async (arg?: unknown) => {
    const node = arg as ConversationNode | undefined;
    if (node?.kind === 'conversation') return endAndReport(services, [node.row.conversation.conversation_id]);
    try {
      await conversations.tracker.refresh();
    } catch (error) {
      void showTavusError('list the active conversations', error, (text) => services.log.clean(text));
      return endAndReport(services, []);
    }
    const active = conversations.tracker.activeConversations();
    if (active.length === 0) {
      void vscode.window.showInformationMessage('No conversation is active.');
      return endAndReport(services, []);
    }
    const picked = await conversations.prompts.pickConversations(active, 'Select the conversation to end', false);
    return endAndReport(
      services,
      picked.map((c) => c.conversation_id),
    );
  });
}
