import type { CommandHandler } from '../../commands/ids';
import { DEFAULT_CONNECTION } from '../../core/connections';
import type { Services } from '../../services';

const REMOVE = 'Remove';

/**
 * Removes a named connection (a button passes it, or it is picked) and deletes its stored key,
 * after asking. "default" is `tavus.apiBaseUrl` and stays; Clear API Key forgets its key.
 */
export function removeConnection({ connections, notifier, questions }: Services): CommandHandler {
  return async (given?: unknown): Promise<string | undefined> => {
    const removable = connections.list().filter((c) => c.name !== DEFAULT_CONNECTION);
    if (removable.length === 0) {
      void notifier.info('There is no connection to remove besides "default"; Add Connection… adds one.');
      return undefined;
    }
    const name =
      typeof given === 'string'
        ? given
        : (
            await questions.pick(
              removable.map((c) => ({ label: c.name, description: c.baseUrl })),
              { title: 'Remove Tavus Connection', placeHolder: 'Which connection should be removed?' },
            )
          )?.label;
    if (name === undefined || !removable.some((c) => c.name === name)) return undefined;
    const active = name === connections.active.name ? ' It is the active connection: the editor switches to "default".' : '';
    const answer = await notifier.ask(
      'warning',
      `Remove the Tavus connection "${name}"?`,
      `Its stored API key is deleted.${active}`,
      REMOVE,
    );
    if (answer !== REMOVE) return undefined;
    await connections.remove(name);
    return name;
  };
}
