import * as vscode from 'vscode';
import type { PatchTargets } from '../patches/patchTargets';
import { patchTargetId } from '../patches/patchDocuments';
import type { ExtensionServices } from '../services';
import { showTavusError } from '../ui/errors';
import { activePatchDocument } from './patchCommandTarget';

export function registerRefreshPatchTarget({ log }: ExtensionServices, targets: PatchTargets): vscode.Disposable {
  const refresh = async (arg?: unknown): Promise<void> => {
    const document = await activePatchDocument(arg);
    const id = document && patchTargetId(document);
    if (id === undefined) return;
    try {
      await targets.refresh(id);
    } catch (error) {
      await showTavusError(`fetch persona ${id}`, error, (text) => log.clean(text), { retry: () => refresh(arg) });
    }
  };
  return vscode.commands.registerCommand('tavus.refreshPatchTarget', refresh);
}
