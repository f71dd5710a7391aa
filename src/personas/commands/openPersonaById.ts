import * as vscode from 'vscode';
import { personaLabel } from '../../core/personaRules';
import { personaUri } from '../uri';
import type { Services } from '../../services';
import { showTavusError } from '../../ui/errors';
import type { CommandHandler } from '../../commands/ids';
import { openEditor } from '../../ui/openEditor';
import { withSlowProgress } from '../../ui/slowProgress';

export function openPersonaById({ store, notifier, connections }: Services): CommandHandler {
  const open = async (id: string): Promise<void> => {
    const { name } = connections.active;
    try {
      // Fetch first so the tab is titled with the persona's name, and a bad id is reported clearly.
      const persona = await withSlowProgress(`Opening persona ${id}…`, (signal) => store.fetch(id, signal));
      await openEditor(personaUri(id, personaLabel(persona), name), { preview: false });
    } catch (error) {
      await showTavusError(notifier, `open persona ${id}`, error, { retry: () => open(id) });
    }
  };
  return async (arg?: unknown) => {
    const id =
      typeof arg === 'string'
        ? arg
        : await vscode.window.showInputBox({
            title: 'Open Persona by ID',
            prompt: 'The persona_id, for example p3a9c1e07b2d4',
            validateInput: (value) => (value.trim() ? undefined : 'Enter a persona id'),
          });
    if (id?.trim()) await open(id.trim());
  };
}
