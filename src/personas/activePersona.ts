import * as vscode from 'vscode';
import { refusedForOtherConnection } from '../connections/guard';
import type { Services } from '../services';
import { isPersonaUri, personaIdFromUri } from './uri';

export interface ActivePersona {
  document: vscode.TextDocument;
  id: string;
}

/** The persona document a command acts on: the one it was invoked on (editor title menu) or the active one. */
export async function activePersonaDocument(
  arg: unknown,
  { notifier, connections }: Pick<Services, 'notifier' | 'connections'>,
): Promise<ActivePersona | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !isPersonaUri(uri)) {
    void notifier.info('Open a Tavus persona document first.');
    return undefined;
  }
  if (refusedForOtherConnection(uri, connections, notifier)) return undefined;
  return { document: await vscode.workspace.openTextDocument(uri), id: personaIdFromUri(uri) };
}
