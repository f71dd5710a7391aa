import * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/historyEntry';
import { refusedForOtherConnection } from '../../connections/guard';
import { personaId } from '../../core/personaRules';
import { isPersonaUri, personaIdFromUri } from '../../personas/uri';
import type { PersonaNode } from '../../personas/tree';
import type { Services } from '../../services';
import { personaFromArgOrPick } from '../../personas/pickPersona';
import type { HistoryNode } from '../historyView';

/** The entry a row action was invoked on. */
export function entryOf(arg: unknown): HistoryEntry | undefined {
  const node = arg as HistoryNode | undefined;
  return node?.kind === 'entry' ? node.entry : undefined;
}

/**
 * The persona a history command is about: the row it was invoked on (Push History or Personas),
 * a persona document, the active persona document, or one the user picks.
 */
export async function historyPersonaId(services: Services, arg: unknown, placeHolder: string): Promise<string | undefined> {
  const node = arg as HistoryNode | PersonaNode | undefined;
  if (node?.kind === 'entry') return node.entry.personaId;
  if (node?.kind === 'persona') return 'personaId' in node ? node.personaId : personaId(node.persona);
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri && isPersonaUri(uri)) {
    return refusedForOtherConnection(uri, services.connections, services.notifier) ? undefined : personaIdFromUri(uri);
  }
  const picked = await personaFromArgOrPick(services, undefined, placeHolder);
  return picked && personaId(picked);
}

/** The newest entry of a persona, or undefined when nothing was sent to it from here. */
export async function newestEntryOf(services: Services, id: string): Promise<HistoryEntry | undefined> {
  const entries = (await services.history.history.entries()).filter((entry) => entry.personaId === id);
  return entries.reduce<HistoryEntry | undefined>(
    (newest, entry) => (!newest || entry.time >= newest.time ? entry : newest),
    undefined,
  );
}
