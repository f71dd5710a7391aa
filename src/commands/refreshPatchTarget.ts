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
      await targets.refresh(id);
    } catch (error) {
      await showTavusError(`fetch persona ${id}`, error, (text) => log.clean(text), { retry: () => refresh(arg) });
    }
  };
  return refresh;
}
