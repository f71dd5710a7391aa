import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { personaId, personaLabel } from '../core/personaRules';
import type { PersonaCatalog } from '../personas/catalog';
import type { PersonaNode } from '../personas/tree';

/** The persona a command acts on: the tree item it was invoked on, or one the user picks. */
export async function personaFromArgOrPick(
  catalog: PersonaCatalog,
  arg: unknown,
  placeHolder: string,
): Promise<Persona | undefined> {
  const node = arg as PersonaNode | undefined;
  if (node?.kind === 'persona') return node.persona;
  if (catalog.current.kind !== 'ready') await catalog.refresh();
  const items = catalog.personas().map((persona) => ({
    label: personaLabel(persona),
    description: personaId(persona),
    persona,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true });
  return picked?.persona;
}
