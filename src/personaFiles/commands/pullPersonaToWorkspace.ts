import * as vscode from 'vscode';
import type { CommandHandler } from '../../commands/ids';
import { fileIdFor } from '../../core/personaFile';
import { personaFromArgOrPick } from '../../personas/pickPersona';
import type { Services } from '../../services';
import { fileName, isPersonaFileUri } from '../personaFileTarget';
import { readPersonaFile } from '../workspaceFiles';

/**
 * Pull Persona to Workspace…: a persona row of the tree, a persona picked, or a persona file (its
 * CodeLens, the Explorer), which is updated from the persona it names.
 */
export function pullPersonaToWorkspace(services: Services): CommandHandler {
  return async (arg?: unknown) => {
    if (arg instanceof vscode.Uri && isPersonaFileUri(arg)) return pullFile(services, arg);
    const persona = await personaFromArgOrPick(services, arg, 'Select the persona to pull into the workspace');
    return persona && services.personaFiles.puller.pull(persona);
  };
}

async function pullFile(services: Services, uri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const refuse = (why: string) => void services.notifier.error(`Not pulled: ${fileName(uri)}: ${why}`);
  const parsed = await readPersonaFile(uri);
  if (!parsed) return refuse('the file does not exist.');
  if (!parsed.ok) return refuse(parsed.message);
  const id = fileIdFor(parsed.file, services.connections.active.name);
  if (!id.ok) return refuse(id.message);
  return services.personaFiles.puller.pull({ persona_id: id.id }, uri);
}
