import type { Services } from '../../services';
import { activePersonaDocument } from '../../personas/activePersona';
import type { CommandHandler } from '../../commands/ids';

/**
 * Ctrl+S on a persona document. A command rather than VS Code's save, so that a save that is not
 * sent (Cancel, a refused change, a failure) leaves the document dirty with the extension's own
 * message, and VS Code only marks it saved once Tavus holds the change.
 */
export function savePersona({ save, notifier, connections }: Services): CommandHandler {
  return async (arg?: unknown) => {
    const target = await activePersonaDocument(arg, { notifier, connections });
    return target ? save.saver.save(target.document) : false;
  };
}
