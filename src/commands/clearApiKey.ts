import * as vscode from 'vscode';
import type { Services } from '../services';

export function registerClearApiKey({ keys }: Services): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.clearApiKey', async () => {
    await keys.clear();
    const stillSet = (await keys.source()) === 'environment';
    void vscode.window.showInformationMessage(
      stillSet
        ? 'Removed the stored Tavus API key. The TAVUS_API_KEY environment variable is still set and will be used.'
        : 'Removed the stored Tavus API key.',
    );
  });
}
