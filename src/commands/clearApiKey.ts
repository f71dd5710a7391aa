import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandHandler } from './ids';

export function clearApiKey({ keys }: Services): CommandHandler {
  return async () => {
    await keys.clear();
    const stillSet = (await keys.source()) === 'environment';
    void vscode.window.showInformationMessage(
      stillSet
        ? 'Removed the stored Tavus API key. The TAVUS_API_KEY environment variable is still set and will be used.'
        : 'Removed the stored Tavus API key.',
    );
  };
}
