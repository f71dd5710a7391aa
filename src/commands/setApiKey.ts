import * as vscode from 'vscode';
import type { Services } from '../services';

export function registerSetApiKey({ keys }: Services): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.setApiKey', async () => {
    const key = await vscode.window.showInputBox({
      title: 'Tavus API Key',
      prompt: 'Paste your Tavus API key. It is stored in VS Code secret storage, never in settings.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'The API key cannot be empty'),
    });
    if (!key?.trim()) return;
    await keys.set(key.trim());
    vscode.window.setStatusBarMessage('Tavus API key saved', 3000);
  });
}
