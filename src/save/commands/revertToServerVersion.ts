import type { Services } from '../../services';
import { activePersonaDocument } from '../../personas/activePersona';
import { showTavusError } from '../../ui/errors';
import type { CommandHandler } from '../../commands/ids';

export function revertToServerVersion({ store, save, notifier, connections }: Services): CommandHandler {
  const revert = async (arg?: unknown): Promise<void> => {
    const target = await activePersonaDocument(arg, { notifier, connections });
    if (!target) return;
    try {
      await save.sync.adopt(target.document, await store.fetch(target.id));
    } catch (error) {
      await showTavusError(notifier, 'reload the persona from Tavus', error, { retry: () => revert(arg) });
    }
  };
  return revert;
}
