import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { historyEntry } from '../core/historyEntry';
import { historyAccount } from '../core/historyFile';
import { personaId } from '../core/personaRules';
import type { Services } from '../services';
import type { SaveServices } from '../save/registerSaving';
import { parseBaseUrl } from '../tavus/baseUrl';
import type { WriteEvent } from '../transaction/patchTransaction';
import { HistoryTreeProvider, type HistoryNode } from './historyView';
import { PushHistory } from './pushHistory';
import { HistoryReverter } from './reverter';

export interface HistoryServices {
  history: PushHistory;
  view: HistoryTreeProvider;
  treeView: vscode.TreeView<HistoryNode>;
  reverter: HistoryReverter;
}

/** The push history: every write the patch transaction finishes is recorded, nothing else writes to it. */
export function createHistory(
  context: vscode.ExtensionContext,
  services: Pick<Services, 'api' | 'config' | 'connections' | 'keys' | 'log' | 'notifier' | 'store' | 'tree'>,
  save: SaveServices,
): HistoryServices {
  const { config, connections, keys, log } = services;
  const account = async () => {
    const { name, baseUrl } = connections.active;
    const key = await connections.key(name);
    return key === undefined ? undefined : historyAccount(normalisedBaseUrl(baseUrl), key);
  };
  const history = new PushHistory(context.globalStorageUri, account, () => config.history, log);
  const view = new HistoryTreeProvider(history);
  // Read now, so the first write of the session is in memory as soon as it finishes.
  void history.entries().catch(() => undefined);
  services.tree.lastChangedHere = (id) => history.lastChange(id);
  const treeView = vscode.window.createTreeView('tavus.pushHistory', { treeDataProvider: view });
  const reverter = new HistoryReverter(services.api, services.store, save.transaction, services.notifier);
  context.subscriptions.push(
    history,
    view,
    treeView,
    save.transaction.onDidFinish((event) => void record(history, event)),
    keys.onDidChange(() => history.reset()),
    config.onDidChange((change) => change.affectsListing && history.reset()),
    connections.onDidSwitch(() => history.reset()),
  );
  return { history, view, treeView, reverter };
}

function normalisedBaseUrl(raw: string): string {
  try {
    return parseBaseUrl(raw).href;
  } catch {
    return raw;
  }
}

async function record(history: PushHistory, { request, outcome }: WriteEvent): Promise<void> {
  if (outcome.kind !== 'applied') return;
  const entry = historyEntry({
    id: randomUUID(),
    time: new Date(),
    // A create learns its id from Tavus.
    personaId: request.id || (personaId(outcome.persona) ?? ''),
    source: request.source ?? {
      kind: 'save',
      name: typeof request.yours === 'string' ? request.label : request.yours.toString(),
    },
    mode: outcome.sent.mode,
    ops: outcome.sent.ops,
    changed: outcome.changed,
    before: outcome.sent.base,
    after: outcome.persona,
  });
  await history.add(entry).catch(() => undefined);
}
