import * as vscode from 'vscode';
import { personaId } from '../core/personaRules';
import type { PersonaNode } from '../personas/tree';
import { isPersonaUri, personaIdFromUri } from '../personas/uri';
import { personaFromArgOrPick } from '../personas/pickPersona';

type PickSources = Parameters<typeof personaFromArgOrPick>[0];

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
  const id = idFromArg(arg) ?? (await pickedId(pickFrom, placeHolder));
  if (id === undefined) return undefined;
  const document = vscode.workspace.textDocuments.find((d) => isPersonaUri(d.uri) && personaIdFromUri(d.uri) === id);
  return { id, document };
}

function idFromArg(arg: unknown): string | undefined {
  const node = arg as PersonaNode | undefined;
  if (node?.kind === 'persona') return personaId(node.persona);
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  return uri && isPersonaUri(uri) ? personaIdFromUri(uri) : undefined;
}

async function pickedId(pickFrom: PickSources, placeHolder: string): Promise<string | undefined> {
  const persona = await personaFromArgOrPick(pickFrom, undefined, placeHolder);
  return persona && personaId(persona);
}
