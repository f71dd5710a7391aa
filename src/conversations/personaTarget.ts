import * as vscode from 'vscode';
import { type ActiveConnection, otherConnectionProblem, refusedForOtherConnection } from '../connections/guard';
import { personaId } from '../core/personaRules';
import type { Notifier } from '../ui/notifier';
import type { PersonaNode } from '../personas/tree';
import { isPersonaUri, personaIdFromUri } from '../personas/uri';
import { personaFromArgOrPick } from '../personas/pickPersona';

type PickSources = Parameters<typeof personaFromArgOrPick>[0] & { connections: ActiveConnection; notifier: Notifier };

export interface PersonaTarget {
  id: string;
  /** The persona's open document, if any: its unsaved edits are not on Tavus. */
  document?: vscode.TextDocument;
}

/**
 * The persona a conversation command acts on: the tree row or editor it was invoked on, else
 * the active persona document, else one picked like Open Persona does.
 */
export async function personaTarget(
  pickFrom: PickSources,
  arg: unknown,
  placeHolder: string,
): Promise<PersonaTarget | undefined> {
  const fromArg = idFromArg(arg, pickFrom);
  if (fromArg === REFUSED) return undefined;
  const id = fromArg ?? (await pickedId(pickFrom, placeHolder));
  if (id === undefined) return undefined;
  const document = vscode.workspace.textDocuments.find(
    (d) =>
      isPersonaUri(d.uri) && personaIdFromUri(d.uri) === id && otherConnectionProblem(d.uri, pickFrom.connections) === undefined,
  );
  return { id, document };
}

const REFUSED = Symbol('refused');

/** Another connection's document names a persona the active connection's server must not be asked for. */
function idFromArg(arg: unknown, { connections, notifier }: PickSources): string | typeof REFUSED | undefined {
  const node = arg as PersonaNode | undefined;
  if (node?.kind === 'persona') return personaId(node.persona);
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !isPersonaUri(uri)) return undefined;
  return refusedForOtherConnection(uri, connections, notifier) ? REFUSED : personaIdFromUri(uri);
}

async function pickedId(pickFrom: PickSources, placeHolder: string): Promise<string | undefined> {
  const persona = await personaFromArgOrPick(pickFrom, undefined, placeHolder);
  return persona && personaId(persona);
}
