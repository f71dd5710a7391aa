import type * as vscode from 'vscode';
import type { CommandHandler } from '../../commands/ids';
import type { Services } from '../../services';

/** Switches to the named connection (a button passes it), or to the one picked; returns the active name. */
export function switchConnection({ connections, notifier, questions }: Services): CommandHandler {
  return async (given?: unknown): Promise<string | undefined> => {
    const listed = connections.list();
    const name = typeof given === 'string' ? given : (await pickConnection(questions, listed, connections.active.name))?.label;
    if (name === undefined) return undefined;
    if (!listed.some((c) => c.name === name)) {
      void notifier.error(`There is no Tavus connection named "${name}" any more. Add it again with "Tavus: Add Connection…".`);
      return undefined;
    }
    await connections.switchTo(name);
    return connections.active.name;
  };
}

function pickConnection(
  questions: Services['questions'],
  listed: readonly { name: string; baseUrl: string }[],
  active: string,
): Thenable<vscode.QuickPickItem | undefined> {
  const items = listed.map(({ name, baseUrl }) => ({
    label: name,
    description: name === active ? `${baseUrl} (active)` : baseUrl,
  }));
  return questions.pick(items, { title: 'Switch Tavus Connection', placeHolder: 'Which connection should the editor use?' });
}
