import { formatPersona } from '../../core/personaDocument';
import { personaLabel } from '../../core/personaRules';
import type { Services } from '../../services';
import { activePersonaDocument } from '../../personas/activePersona';
import { showTavusError } from '../../ui/errors';
import type { CommandHandler } from '../../commands/ids';

export function compareWithServerVersion({ api, save, notifier, connections }: Services): CommandHandler {
  const compare = async (arg?: unknown): Promise<void> => {
    const target = await activePersonaDocument(arg, { notifier, connections });
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
      await showTavusError(notifier, 'read the persona from Tavus', error, { retry: () => compare(arg) });
    }
  };
  return compare;
}
