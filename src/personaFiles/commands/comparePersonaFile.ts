import type { CommandHandler } from '../../commands/ids';
import { fileIdFor, parsePersonaFile, personaFileText } from '../../core/personaFile';
import { personaLabel } from '../../core/personaRules';
import type { Services } from '../../services';
import { showTavusError } from '../../ui/errors';
import { withSlowProgress } from '../../ui/slowProgress';
import { fileName, personaFileTarget } from '../personaFileTarget';

/** Compare Persona File with Tavus: Tavus's copy, written as this file would hold it (read-only), beside the file. */
export function comparePersonaFile(services: Services): CommandHandler {
  const compare = async (arg?: unknown): Promise<void> => {
    const { notifier, store, save } = services;
    const document = await personaFileTarget(arg, notifier);
    if (!document) return;
    const parsed = parsePersonaFile(document.getText());
    if (!parsed.ok) return void notifier.error(`Cannot compare ${fileName(document.uri)}: ${parsed.message}`);
    const connection = services.connections.active.name;
    const id = fileIdFor(parsed.file, connection);
    if (!id.ok) return void notifier.error(`Cannot compare ${fileName(document.uri)}: ${id.message}`);
    try {
      const current = await withSlowProgress(`Reading persona ${id.id}…`, (signal) => store.fetch(id.id, signal));
      const { text } = personaFileText(current, { connection, previous: parsed.file });
      await save.transaction.prompts.showDiff(`${personaLabel(current)}: Tavus ↔ ${fileName(document.uri)}`, text, document.uri);
    } catch (error) {
      await showTavusError(notifier, `read persona ${id.id} from Tavus`, error, { retry: () => compare(arg) });
    }
  };
  return compare;
}
