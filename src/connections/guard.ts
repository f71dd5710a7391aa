import * as vscode from 'vscode';
import { otherConnectionMessage } from '../core/connections';
import { connectionOfUri } from '../personas/uri';
import type { Notifier } from '../ui/notifier';
import type { Connections } from './connections';

/** What the guards need to know: which connection is active. */
export type ActiveConnection = Pick<Connections, 'active'>;

/** Why a document cannot be read or saved now: it belongs to another connection than the active one. */
export function otherConnectionProblem(uri: vscode.Uri, connections: ActiveConnection): string | undefined {
  const own = connectionOfUri(uri);
  const active = connections.active.name;
  return own === active ? undefined : otherConnectionMessage(own, active);
}

/**
 * File systems refuse to read another connection's document: its persona id means nothing to the
 * active connection's server, which is never asked. A restored tab shows this message instead.
 */
export function refuseOtherConnection(uri: vscode.Uri, connections: ActiveConnection): void {
  const problem = otherConnectionProblem(uri, connections);
  if (problem !== undefined) throw vscode.FileSystemError.Unavailable(problem);
}

const SWITCH = 'Switch Connection';

/**
 * For savers and commands: says why another connection's document is left alone, with a button that
 * switches to its connection. True when it was refused.
 */
export function refusedForOtherConnection(uri: vscode.Uri, connections: ActiveConnection, notifier: Notifier): boolean {
  const problem = otherConnectionProblem(uri, connections);
  if (problem === undefined) return false;
  void notifier.error(`${problem} Your text is unchanged.`, SWITCH).then((choice) => {
    if (choice === SWITCH) void vscode.commands.executeCommand('tavus.switchConnection', connectionOfUri(uri));
  });
  return true;
}
