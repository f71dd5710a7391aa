import type { Services } from '../../services';
import { createPersonaFromDraft } from './createPersonaFromDraft';
import { deletePersona } from './deletePersona';
import { duplicatePersona } from './duplicatePersona';
import { newPersona } from './newPersona';

/** The persona lifecycle's commands, id → the factory of its handler: the shape of a command table's rows. */
export const LIFECYCLE_COMMANDS = {
  'tavus.newPersona': newPersona,
  'tavus.duplicatePersona': duplicatePersona,
  'tavus.deletePersona': deletePersona,
  'tavus.createPersonaFromDraft': createPersonaFromDraft,
} satisfies Record<string, (services: Services) => (...args: unknown[]) => unknown>;
