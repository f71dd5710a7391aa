import * as vscode from 'vscode';
import { countPersonasWithKey } from '../../auth/createClient';
import type { CommandHandler } from '../../commands/ids';
import { connectionNameProblem, type Connection } from '../../core/connections';
import { counted } from '../../core/text';
import type { Services } from '../../services';
import { parseBaseUrl } from '../../tavus/baseUrl';
import { isTavusError } from '../../tavus/errors';
import { describeError } from '../../ui/errors';

/** What became of Add Connection: returned to callers such as tests, which cannot read notifications. */
export type AddOutcome =
  { kind: 'added'; connection: Connection; personas?: number } | { kind: 'rejected'; reason: string } | { kind: 'dismissed' };

const SWITCH = 'Switch to It';

/**
 * Asks for a name, a base URL (https, or http on loopback only, as `tavus.apiBaseUrl`) and a key,
 * checks the key with one request to that base URL, and adds the connection. A key Tavus refuses
 * is not stored, and nothing is added.
 */
export function addConnection(services: Services): CommandHandler {
  return async (): Promise<AddOutcome> => {
    const { connections, questions, log, config, notifier } = services;
    const taken = connections.list().map((c) => c.name);
    const name = await questions.input({
      title: 'Add Tavus Connection (1/3): Name',
      prompt: 'A short name, such as "staging" or "production".',
      ignoreFocusOut: true,
      validateInput: (value) => connectionNameProblem(value.trim(), taken),
    });
    if (!name?.trim()) return { kind: 'dismissed' };
    const baseUrl = await questions.input({
      title: 'Add Tavus Connection (2/3): Base URL',
      value: 'https://tavusapi.com',
      prompt: 'The Tavus API base URL. It must use https; plain http is accepted only for localhost.',
      ignoreFocusOut: true,
      validateInput: baseUrlProblem,
    });
    if (!baseUrl?.trim()) return { kind: 'dismissed' };
    const key = await questions.input({
      title: 'Add Tavus Connection (3/3): API Key',
      prompt: 'Its API key. It is stored in VS Code secret storage, never in settings.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'The API key cannot be empty'),
    });
    if (!key?.trim()) return { kind: 'dismissed' };
    const connection = { name: name.trim(), baseUrl: parseBaseUrl(baseUrl).href.replace(/\/$/, '') };
    let personas: number | undefined;
    let unchecked: string | undefined;
    try {
      personas = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Checking the key with ${connection.baseUrl}…` },
        () => countPersonasWithKey(key.trim(), connection.baseUrl, log, config),
      );
    } catch (error) {
      const reason = log.clean(describeError(error));
      if (isTavusError(error) && error.kind === 'auth') {
        void notifier.error(`Not added: Tavus rejected this key (${reason}).`);
        return { kind: 'rejected', reason };
      }
      unchecked = reason;
    }
    await connections.add(connection, key.trim());
    const found = personas === undefined ? '' : ` (${counted(personas, 'persona')})`;
    const message =
      unchecked === undefined
        ? `Added the connection "${connection.name}"${found}.`
        : `Added the connection "${connection.name}", but its key could not be checked: ${unchecked}`;
    void (unchecked === undefined ? notifier.info(message, SWITCH) : notifier.warning(message, SWITCH)).then((choice) => {
      if (choice === SWITCH) void connections.switchTo(connection.name);
    });
    return { kind: 'added', connection, personas };
  };
}

function baseUrlProblem(value: string): string | undefined {
  try {
    parseBaseUrl(value, 'the base URL');
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}
