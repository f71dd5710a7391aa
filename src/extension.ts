import type * as vscode from 'vscode';
import { ApiKeyStore } from './auth/apiKeyStore';
import { registerCommands } from './commands';
import { Config } from './config';
import { Connections } from './connections/connections';
import { registerConnections } from './connections/registerConnections';
import { createConversations } from './conversations/createConversations';
import { usableReplicas } from './conversations/replicas';
import { collectSecrets } from './core/redact';
import { registerFields } from './fields/registerFields';
import { createHistory } from './history/createHistory';
import { createLifecycle } from './lifecycle/createLifecycle';
import { TavusLog } from './log/tavusLog';
import { registerPersonaFiles } from './personaFiles/registerPersonaFiles';
import { registerPatchFeatures } from './patches/registerPatchFeatures';
import { PersonaCatalog } from './personas/catalog';
import { PersonaFileSystem, registerPersonaFileSystem } from './personas/fileSystem';
import { DocumentOrigins } from './personas/origins';
import { registerPersonaDocuments } from './personas/personaDocuments';
import { registerStockNotice } from './personas/stockNotice';
import { ReferenceLists } from './personas/referenceLists';
import { PersonaStore } from './personas/store';
import { PersonaTreeProvider, registerPersonaTree } from './personas/tree';
import { registerSaving } from './save/registerSaving';
import { registerSchemaFeatures } from './schema/registerSchemaFeatures';
import type { SchemaDiagnostics } from './schema/schemaDiagnostics';
import type { Services } from './services';
import { createTavusClient } from './auth/createClient';
import { noticingPersonas } from './tavus/secretAwareApi';
import { Notifier } from './ui/notifier';
import { Questions } from './ui/questions';

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = new TavusLog();
  const notifier = new Notifier((text) => log.clean(text));
  const config = new Config();
  const connections = new Connections(context.globalState, context.secrets, config, log);
  const keys = new ApiKeyStore(context.secrets, connections);
  const { client, transport } = createTavusClient(connections, keys, log, config);
  const api = noticingPersonas(client, (persona) => log.addSecrets(collectSecrets(persona)));
  const store = new PersonaStore(api);
  const catalog = new PersonaCatalog(api);
  const tree = new PersonaTreeProvider(catalog, keys, connections);
  const origins = new DocumentOrigins(context.workspaceState);
  const references = new ReferenceLists(api, log);
  context.subscriptions.push(log, notifier, config, connections, keys, transport, store, catalog, tree, references);
  const questions = new Questions();
  const base = { api, config, connections, keys, log, notifier, questions, store, catalog, tree, origins, references };
  const conversations = createConversations(context, base, transport, (signal) => usableReplicas(api, signal));
  const save = registerSaving(context, base);
  const personaFiles = new PersonaFileSystem(store, catalog, origins, save.saver, connections);
  const fields = registerFields(context, base, save, personaFiles);
  const history = createHistory(context, base, save);
  const lifecycle = createLifecycle(context, base, save, history);
  beforeExit = () => Promise.all([conversations.endOnExit(), history.history.settled()]);

  registerPersonaFileSystem(context, personaFiles);
  registerPersonaDocuments(context, origins);
  registerPersonaTree(context, base);
  registerStockNotice(context, base);
  const patches = registerPatchFeatures(context, { ...base, save });
  const workspaceFiles = registerPersonaFiles(context, { ...base, lifecycle });
  const services: Services = { ...base, save, conversations, history, lifecycle, fields, patches, personaFiles: workspaceFiles };
  const schemaDiagnostics = registerSchemaFeatures(context, services);
  registerCommands(context, services);
  registerAccountChanges(context, services);
  registerConnections(context, services);
  void keys.updateContext();
  return { ...services, schemaDiagnostics, logUri: context.logUri };
}

/**
 * Saved personas update in place. A new key, or another connection (which includes a new base URL of
 * the active one: Connections fires onDidSwitch for it), is another account: everything cached for the
 * previous one (listing, server copies, document origins, patch targets, reference lists, persona file
 * states) goes together. A new page size drops the same.
 */
function registerAccountChanges(context: vscode.ExtensionContext, services: Services): void {
  const { keys, config, connections, catalog, store, origins, references, patches, personaFiles } = services;
  const switchAccount = () => {
    catalog.reset();
    references.reset();
    store.clear();
    origins.clear();
    patches.targets.clear();
    personaFiles.decorations.reset();
  };
  context.subscriptions.push(
    store.onDidChangeBase((id) => catalog.update(store.get(id)!)),
    keys.onDidChange(switchAccount),
    connections.onDidSwitch(switchAccount),
    config.onDidChange((change) => change.affectsListing && switchAccount()),
  );
}

/** What activate() hands out: the services, for integration tests and for other extensions. */
export interface ExtensionApi extends Services {
  /** Schema problems of persona documents, as the Problems panel shows them. */
  schemaDiagnostics: SchemaDiagnostics;
  /** Where VS Code writes the "Tavus" log channel. */
  logUri: vscode.Uri;
}

/**
 * The one piece of module state: deactivate() gets no arguments, yet must reach the running
 * extension to end the conversations started here and to finish writing the push history (a window
 * reload right after a save would otherwise lose its entry). VS Code awaits it, for a few seconds at most.
 */
let beforeExit: (() => Promise<unknown>) | undefined;

export async function deactivate(): Promise<void> {
  await beforeExit?.().catch(() => undefined);
}
