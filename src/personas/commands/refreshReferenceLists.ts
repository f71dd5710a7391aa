import * as vscode from 'vscode';
import type { Services } from '../../services';
import type { CommandHandler } from '../../commands/ids';

/** Reloads the account's reference lists; the only place their failures are shown rather than just logged. */
export function refreshReferenceLists({ references, notifier }: Services): CommandHandler {
  return async () => {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Tavus: loading reference lists' },
      () => references.refresh(),
    );
    const loaded = outcome.loaded.map(([kind, count]) => `${count} ${kind}`).join(', ');
    if (outcome.failed.length === 0) {
      notifier.status(`Tavus reference lists refreshed: ${loaded}.`);
      return;
    }
    const choice = await notifier.warning(
      `Could not load ${outcome.failed.join(', ')}${loaded ? ` (loaded: ${loaded})` : ''}; see the log.`,
      'Show Log',
    );
    if (choice === 'Show Log') await vscode.commands.executeCommand('tavus.showLog');
  };
}
