import type { CommandHandler } from '../../commands/ids';
import type { Services } from '../../services';
import { personaTargets } from './personaTarget';

/** Delete Persona…: every selected row, after one modal naming them all. */
export function deletePersona(services: Services): CommandHandler {
  return async (arg?: unknown, selected?: unknown) => {
    const personas = await personaTargets(services, arg, selected, 'Select the persona to delete');
    return personas.length > 0 ? services.lifecycle.deleter.deletePersonas(personas) : undefined;
  };
}
