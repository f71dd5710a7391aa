import * as vscode from 'vscode';
import type { CommandHandler } from '../../commands/ids';
import type { Services } from '../../services';
import { setContextKey } from '../../ui/contextKeys';
import { historyPersonaId } from './historyTarget';

async function showFiltered(services: Services, text: string): Promise<void> {
  services.history.view.setFilter(text);
  await setContextKey('tavus.historyFilterActive', services.history.view.filter !== '');
  await vscode.commands.executeCommand('tavus.pushHistory.focus');
}

export function showPushHistory(services: Services): CommandHandler {
  return () => showFiltered(services, '');
}

export function showHistoryForPersona(services: Services): CommandHandler {
  return async (arg?: unknown) => {
    const id = await historyPersonaId(services, arg, 'Select the persona whose push history to show');
    if (id !== undefined) await showFiltered(services, id);
  };
}

export function filterPushHistory(services: Services): CommandHandler {
  return async () => {
    const text = await vscode.window.showInputBox({
      prompt: 'Show entries whose persona name or id, or source, contains',
      value: services.history.view.filter,
    });
    if (text !== undefined) await showFiltered(services, text);
  };
}

export function clearPushHistoryFilter(services: Services): CommandHandler {
  return () => showFiltered(services, '');
}

export function clearPushHistory(services: Services): CommandHandler {
  return async () => {
    const clear = 'Clear';
    const count = (await services.history.history.entries()).length;
    const choice = await services.notifier.ask(
      'warning',
      `Clear the push history of this account (${count} ${count === 1 ? 'entry' : 'entries'})?`,
      'The changes stay on Tavus; only the record of them, and the one-click revert, go.',
      clear,
    );
    if (choice === clear) await services.history.history.clear();
  };
}
