import { personaId, personaLabel } from '../../core/personaRules';
import { personaUri } from '../uri';
import type { Services } from '../../services';
import { personaFromArgOrPick } from '../pickPersona';
import type { CommandHandler } from '../../commands/ids';
import { openEditor } from '../../ui/openEditor';

export function openPersona(services: Services): CommandHandler {
  return async (arg?: unknown) => {
    const persona = await personaFromArgOrPick(services, arg, 'Select a persona to open');
    const id = persona && personaId(persona);
    if (!persona || id === undefined) return;
    await openEditor(personaUri(id, personaLabel(persona), services.connections.active.name), { preview: true });
  };
}
