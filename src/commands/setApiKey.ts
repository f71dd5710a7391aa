import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandHandler } from './ids';

export function setApiKey({ keys }: Services): CommandHandler {
  return async () => {
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
  };
}
