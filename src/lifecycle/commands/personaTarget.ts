import * as vscode from 'vscode';
import type { Persona } from '../../core/json';
import type { PersonaNode } from '../../personas/tree';
import { isPersonaUri, personaIdFromUri } from '../../personas/uri';
import type { Services } from '../../services';
import { personaFromArgOrPick } from '../../personas/pickPersona';

/**
 * The personas a lifecycle command acts on: the selected tree rows (VS Code passes the clicked
 * row and the whole selection), a persona document (editor title, or the active one from the
 * palette), or one picked like Open Persona.
 */
export async function personaTargets(
  services: Services,
  arg: unknown,
  selected: unknown,
  placeHolder: string,
): Promise<Persona[]> {
  const rows = Array.isArray(selected) ? (selected as PersonaNode[]).filter(isPersonaRow) : [];
  const node = arg as PersonaNode | undefined;
  if (node?.kind === 'persona') {
    const clickedInSelection = rows.some((row) => row.persona === node.persona);
    return clickedInSelection ? rows.map((row) => row.persona) : [node.persona];
  }
  const uri = arg instanceof vscode.Uri ? arg : arg === undefined ? vscode.window.activeTextEditor?.document.uri : undefined;
  if (uri && isPersonaUri(uri)) {
    const id = personaIdFromUri(uri);
    const persona = services.store.get(id) ?? (await services.store.fetch(id).catch(() => undefined));
    if (persona) return [persona];
  }
  const picked = await personaFromArgOrPick(services, undefined, placeHolder);
  return picked ? [picked] : [];
}

function isPersonaRow(node: PersonaNode): node is Extract<PersonaNode, { kind: 'persona' }> {
  return node.kind === 'persona';
}
