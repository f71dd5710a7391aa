import * as vscode from 'vscode';
import { personaId, personaLabel } from '../core/personaRules';
import { personaUri } from '../personas/uri';
import type { Services } from '../services';
import { personaFromArgOrPick } from '../ui/pickPersona';

export function registerOpenPersona({ catalog }: Services): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.openPersona', async (arg?: unknown) => {
    const persona = await personaFromArgOrPick(catalog, arg, 'Select a persona to open');
    const id = persona && personaId(persona);
    if (!persona || id === undefined) return;
    await vscode.window.showTextDocument(personaUri(id, personaLabel(persona)), { preview: true });
  });
}
