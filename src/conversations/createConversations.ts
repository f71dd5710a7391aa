import type { Connections } from '../connections/connections';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { parseBaseUrl } from '../tavus/baseUrl';
import { ConversationClient, type ConversationApi } from '../tavus/conversations';
import type { HttpTransport } from '../tavus/http';
import { endStartedHereOnExit, type EndReport } from './ending';
import { VsCodeConversationPrompts, type ConversationPrompts, type ReplicaChoice } from './prompts';
import { ConversationStarter } from './starter';
import { StartedHereRecords } from './startedHere';
import { LiveCallsStatusBar } from './statusBar';
import { ConversationTracker } from './tracker';
import { ConversationTreeProvider } from './view';

export interface ConversationServices {
  client: ConversationApi;
  tracker: ConversationTracker;
  starter: ConversationStarter;
  view: ConversationTreeProvider;
  statusBar: LiveCallsStatusBar;
  /** What starting and ending ask; integration tests swap in a stand-in. */
  prompts: ConversationPrompts;
  /** Ends the conversations started here, if tavus.conversation.endOnExit is on; deactivate() calls it. */
  endOnExit(): Promise<EndReport>;
}

/** The account a conversation belongs to, as far as the editor can tell: the API base URL. */
function accountKey(connections: Connections): string {
  const raw = connections.active.baseUrl;
  try {
    return parseBaseUrl(raw).href;
  } catch {
    return raw;
  }
}

export function createConversations(
  context: vscode.ExtensionContext,
  services: Pick<Services, 'api' | 'config' | 'connections' | 'keys' | 'log' | 'notifier' | 'questions' | 'catalog'>,
  transport: HttpTransport,
  usableReplicas: (signal?: AbortSignal) => Promise<ReplicaChoice[]>,
): ConversationServices {
  const client = new ConversationClient(transport);
  const tracker = new ConversationTracker(
    client,
    new StartedHereRecords(context.globalState, () => accountKey(services.connections)),
    randomUUID(),
  );
  const view = new ConversationTreeProvider(tracker, services.catalog);
  const conversations: ConversationServices = {
    client,
    tracker,
    view,
    statusBar: new LiveCallsStatusBar(tracker, () => view.redraw()),
    prompts: new VsCodeConversationPrompts(services.notifier),
    starter: new ConversationStarter(
      {
        api: services.api,
        conversations: client,
        tracker,
        catalog: services.catalog,
        log: services.log,
        notifier: services.notifier,
        questions: services.questions,
        config: services.config,
        keys: services.keys,
        connections: services.connections,
        usableReplicas,
      },
      () => conversations.prompts,
    ),
    endOnExit: async () =>
      services.config.conversation.endOnExit ? endStartedHereOnExit(client, tracker) : { ended: [], failed: [] },
  };
  registerConversationView(context, conversations);
  context.subscriptions.push(
    tracker,
    view,
    conversations.statusBar,
    services.keys.onDidChange(() => tracker.reset()),
    services.config.onDidChange((change) => change.affectsListing && tracker.reset()),
    services.connections.onDidSwitch(() => tracker.reset()),
  );
  return conversations;
}

function registerConversationView(context: vscode.ExtensionContext, { view, tracker }: ConversationServices): void {
  const treeView = vscode.window.createTreeView('tavus.conversations', { treeDataProvider: view });
  const watch = () => {
    tracker.watching = treeView.visible;
    if (treeView.visible) void tracker.refresh().catch(() => undefined);
  };
  context.subscriptions.push(treeView, treeView.onDidChangeVisibility(watch));
}
