import * as vscode from 'vscode';
import type { CommandHandler } from '../../commands/ids';
import type { Services } from '../../services';
import { showTavusError } from '../../ui/errors';
import { personaFileTarget } from '../personaFileTarget';
import type { PushResult } from '../pusher';

/**
 * Push Persona File to Connection… (promote staging → production): the same file and preview, sent
 * with the other connection's id, client and key; nothing of the active connection goes with it.
 */
export function pushPersonaFileToConnection(services: Services): CommandHandler {
  return async (arg?: unknown, name?: unknown): Promise<PushResult | undefined> => {
    const { connections, notifier, save, personaFiles } = services;
    const document = await personaFileTarget(arg, notifier);
    if (!document) return undefined;
    const connection = typeof name === 'string' ? name : await pickOtherConnection(services);
    if (connection === undefined) return undefined;
    if (!connections.list().some((listed) => listed.name === connection)) {
      void notifier.error(`There is no Tavus connection named "${connection}". Add it with "Tavus: Add Connection…".`);
      return undefined;
    }
    if (document.isDirty) await document.save();
    let client;
    try {
      client = await connections.openClient(connection);
    } catch (error) {
      await showTavusError(notifier, `connect to "${connection}"`, error);
      return undefined;
    }
    const transaction = save.transactionFor(client.api);
    try {
      return await personaFiles.pusher.push(document, { connection, api: client.api, transaction });
    } finally {
      transaction.dispose();
      client.dispose();
    }
  };
}

async function pickOtherConnection({ connections, notifier, questions }: Services): Promise<string | undefined> {
  const active = connections.active.name;
  const others = connections.list().filter((connection) => connection.name !== active);
  if (others.length === 0) {
    const add = 'Add Connection…';
    const choice = await notifier.info(`"${active}" is the only Tavus connection. Add another to push this file there.`, add);
    if (choice === add) await vscode.commands.executeCommand('tavus.addConnection');
    return undefined;
  }
  const picked = await questions.pick(
    others.map((connection) => ({ label: connection.name, description: connection.baseUrl })),
    { title: 'Push Persona File to Connection', placeHolder: `Push to which connection? (active: ${active})` },
  );
  return picked?.label;
}
