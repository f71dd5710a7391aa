import type { ExtensionServices } from '../services';
import { activePersonaDocument } from '../ui/activePersona';
import { showTavusError } from '../ui/errors';
import type { CommandHandler } from './ids';

export function revertToServerVersion({ store, save, log }: ExtensionServices): CommandHandler {
  const revert = async (arg?: unknown): Promise<void> => {
    const target = await activePersonaDocument(arg);
    if (!target) return;
    try {
      await save.sync.adopt(target.document, await store.fetch(target.id));
    } catch (error) {
      await showTavusError('reload the persona from Tavus', error, (text) => log.clean(text), { retry: () => revert(arg) });
    }
  };
  return revert;
}
