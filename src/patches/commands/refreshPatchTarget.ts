import { personaLabel } from '../../core/personaRules';
import { patchTargetId } from '../patchDocuments';
import { showTavusError } from '../../ui/errors';
import { activePatchDocument } from './patchCommandTarget';
import type { CommandHandler } from '../../commands/ids';
import type { Services } from '../../services';

export function refreshPatchTarget({ notifier, patches: { targets } }: Services): CommandHandler {
  const refresh = async (arg?: unknown): Promise<void> => {
    const document = await activePatchDocument(arg, notifier);
    const id = document && patchTargetId(document);
    if (id === undefined) return;
    try {
      const target = await targets.refresh(id);
      notifier.status(`Fetched "${personaLabel(target.persona)}" again from Tavus`);
    } catch (error) {
      await showTavusError(notifier, `fetch persona ${id}`, error, { retry: () => refresh(arg) });
    }
  };
  return refresh;
}
