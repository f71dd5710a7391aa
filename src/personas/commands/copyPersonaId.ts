import * as vscode from 'vscode';
import { personaId } from '../../core/personaRules';
import type { Services } from '../../services';
import { personaFromArgOrPick } from '../pickPersona';
import type { CommandHandler } from '../../commands/ids';

export function copyPersonaId(services: Services): CommandHandler {
  return async (arg?: unknown) => {
    const persona = await personaFromArgOrPick(services, arg, 'Select a persona to copy its id');
    const id = persona && personaId(persona);
    if (id === undefined) return;
    await vscode.env.clipboard.writeText(id);
    services.notifier.status(`Copied persona ID ${id}`);
  };
}
