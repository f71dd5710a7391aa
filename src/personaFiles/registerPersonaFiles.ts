import * as vscode from 'vscode';
import type { Services } from '../services';
import { PersonaFileBases } from './bases';
import { PERSONA_FILE_SELECTOR, PersonaFileCodeLenses } from './codeLenses';
import { PersonaFileDecorations } from './decorations';
import { isPersonaFileUri } from './personaFileTarget';
import { PersonaFilePuller } from './puller';
import { PersonaFilePusher } from './pusher';

export interface PersonaFileServices {
  bases: PersonaFileBases;
  puller: PersonaFilePuller;
  pusher: PersonaFilePusher;
  decorations: PersonaFileDecorations;
}

/** `*.persona.json` files in the workspace: pull, push and compare them, and their marks in the Explorer. */
export function registerPersonaFiles(
  context: vscode.ExtensionContext,
  services: Pick<Services, 'store' | 'catalog' | 'notifier' | 'questions' | 'log' | 'lifecycle' | 'connections'>,
): PersonaFileServices {
  const bases = new PersonaFileBases(context.workspaceState);
  const puller = new PersonaFilePuller(services, bases);
  const pusher = new PersonaFilePusher(services, bases);
  const decorations = new PersonaFileDecorations(services.store, bases, services.connections);
  const refreshFile = (uri: vscode.Uri) => void decorations.refresh({ uris: [uri], fromTavus: false });
  context.subscriptions.push(
    decorations,
    vscode.window.registerFileDecorationProvider(decorations),
    vscode.languages.registerCodeLensProvider(PERSONA_FILE_SELECTOR, new PersonaFileCodeLenses()),
    vscode.workspace.onDidSaveTextDocument((document) => isPersonaFileUri(document.uri) && refreshFile(document.uri)),
    puller.onDidPull(refreshFile),
    pusher.onDidPush(refreshFile),
  );
  return { bases, puller, pusher, decorations };
}
