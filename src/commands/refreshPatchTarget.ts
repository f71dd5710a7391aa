import * as vscode from 'vscode';
import { personaLabel } from '../core/personaRules';
import { patchTargetId } from '../patches/patchDocuments';
import { showTavusError } from '../ui/errors';
import { activePatchDocument } from './patchCommandTarget';
import type { CommandHandler, CommandServices } from './ids';

export function refreshPatchTarget({ log, patches: { targets } }: CommandServices): CommandHandler {
  const refresh = async (arg?: unknown): Promise<void> => {
    const document = await activePatchDocument(arg);
    const id = document && patchTargetId(document);
    if (id === undefined) return;
    try {
      const target = await targets.refresh(id);
      vscode.window.setStatusBarMessage(`$(check) Fetched "${personaLabel(target.persona)}" again from Tavus`, 4000);
    } catch (error) {
      await showTavusError(`fetch persona ${id}`, error, (text) => log.clean(text), { retry: () => refresh(arg) });
    }
  };
  return refresh;
}
