import * as vscode from 'vscode';
import type { ExtensionServices } from '../../services';

/** A failed listing shows as an error row in the view, so nothing more is reported here. */
export function registerRefreshConversations({ conversations }: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.refreshConversations', () =>
    conversations.tracker.refresh().catch(() => undefined),
  );
}
