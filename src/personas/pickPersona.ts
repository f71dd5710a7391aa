import * as vscode from 'vscode';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import type { KeyOutcome } from '../auth/commands/setApiKey';
import type { Persona } from '../core/json';
import { sortByLabel } from '../core/personaGroups';
import { personaId, personaLabel } from '../core/personaRules';
import type { PersonaCatalog } from './catalog';
import type { PersonaNode } from './tree';
import type { Questions } from '../ui/questions';

type PersonaPick = vscode.QuickPickItem & { persona?: Persona };

const SET_KEY_ITEM: PersonaPick = { label: '$(key) Set an API key to list your personas', alwaysShow: true };

/** The persona a command acts on: the tree item it was invoked on, or one the user picks. */
export async function personaFromArgOrPick(
  sources: { catalog: PersonaCatalog; keys: ApiKeyStore; questions: Questions },
  arg: unknown,
  placeHolder: string,
): Promise<Persona | undefined> {
  const node = arg as PersonaNode | undefined;
  if (node?.kind === 'persona') return node.persona;
  const { catalog, keys, questions } = sources;
  const hasKey = (await keys.source()) !== 'none';
  if (hasKey && catalog.current.kind !== 'ready') await catalog.refresh();
  const items = hasKey ? pickItems(catalog) : [SET_KEY_ITEM];
  const picked = await questions.pick(items, { placeHolder, matchOnDescription: true });
  if (picked !== SET_KEY_ITEM) return picked?.persona;
  const outcome = await vscode.commands.executeCommand<KeyOutcome | undefined>('tavus.setApiKey');
  // The user came to pick a persona: once Tavus accepted the key, the picker can list them.
  return outcome?.kind === 'accepted' ? personaFromArgOrPick(sources, arg, placeHolder) : undefined;
}

/** In the tree's order and groups, stock personas with a lock. */
function pickItems(catalog: PersonaCatalog): PersonaPick[] {
  const groups = catalog.groups();
  if (!groups) return [];
  const section = (title: string, personas: Persona[], icon: string): PersonaPick[] => [
    { label: title, kind: vscode.QuickPickItemKind.Separator },
    ...sortByLabel(personas).map((persona) => ({
      label: `$(${icon}) ${personaLabel(persona)}`,
      description: personaId(persona),
      persona,
    })),
  ];
  return [...section('My Personas', groups.mine, 'account'), ...section('Stock Personas', groups.stock, 'lock')];
}
