import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { activePersonaDocument } from '../ui/activePersona';
import { showTavusError } from '../ui/errors';

export function registerRevertToServerVersion({ store, save, log }: ExtensionServices): vscode.Disposable {
  const revert = async (arg?: unknown): Promise<void> => {
    const target = await activePersonaDocument(arg);
    if (!target) return;
    try {
      await store.fetch(target.id);
      await save.sync.syncToServerCopy(target.document);
    } catch (error) {
      await showTavusError('reload the persona from Tavus', error, (text) => log.clean(text), { retry: () => revert(arg) });
    }
  };
  return vscode.commands.registerCommand('tavus.revertToServerVersion', revert);
}
