import { formatPersona } from '../core/personaDocument';
import { personaLabel } from '../core/personaRules';
import type { ExtensionServices } from '../services';
import { activePersonaDocument } from '../ui/activePersona';
import { showTavusError } from '../ui/errors';
import type { CommandHandler } from './ids';

export function compareWithServerVersion({ api, save, log }: ExtensionServices): CommandHandler {
  const compare = async (arg?: unknown): Promise<void> => {
    const target = await activePersonaDocument(arg);
    if (!target) return;
    try {
      // The server's current copy, not the base: this is how users see what others changed.
      const current = await api.getPersona(target.id);
      await save.transaction.prompts.showDiff(
        `${personaLabel(current)}: Tavus ↔ yours`,
        formatPersona(current),
        target.document.uri,
      );
    } catch (error) {
      await showTavusError('read the persona from Tavus', error, (text) => log.clean(text), { retry: () => compare(arg) });
    }
  };
  return compare;
}
