import type { CommandHandler } from '../../commands/ids';
import type { Persona } from '../../core/json';
import { copyName, createBodyFrom } from '../../core/personaLifecycle';
import { personaId, personaLabel } from '../../core/personaRules';
import type { Services } from '../../services';
import { showTavusError } from '../../ui/errors';
import { withSlowProgress } from '../../ui/slowProgress';
import { personaTargets } from './personaTarget';

/** Duplicate Persona…: asks for the new name, then opens a draft of the copy; saving it creates the persona. */
export function duplicatePersona(services: Services): CommandHandler {
  return async (arg?: unknown, selected?: unknown) => {
    const [source] = await personaTargets(services, arg, selected, 'Select the persona to duplicate');
    return source && duplicateFrom(services, source);
  };
}

/** Also New Persona…'s "Copy of an existing persona". Works for stock personas: the copy is the user's own. */
export async function duplicateFrom(services: Services, listed: Persona): Promise<unknown> {
  const id = personaId(listed)!;
  let source: Persona;
  try {
    // The list may hold a shortened copy: the draft is made from the whole persona.
    source = await withSlowProgress(`Reading ${personaLabel(listed)}…`, (signal) => services.store.fetch(id, signal));
  } catch (error) {
    await showTavusError(services.notifier, `read "${personaLabel(listed)}" to duplicate it`, error);
    return undefined;
  }
  const name = await services.questions.input({
    title: `Duplicate "${personaLabel(source)}"`,
    prompt: 'Name of the new persona',
    value: copyName(source),
    validateInput: (value) => (value.trim() === '' ? 'The name cannot be empty.' : undefined),
  });
  if (name === undefined) return undefined;
  const { body } = createBodyFrom(source, name.trim());
  return services.lifecycle.creator.openDraft(body, { kind: 'duplicate', name: `copy of ${personaLabel(source)} (${id})` });
}
