import * as vscode from 'vscode';
import { ApiKeyStore } from './auth/apiKeyStore';
import { registerCommands } from './commands';
import { createConversations, type ConversationServices } from './conversations/createConversations';
import { usableReplicas } from './conversations/replicas';
import { affectsConnection } from './config';
import { collectSecrets } from './core/redact';
import { TavusLog } from './log';
import { registerPatchFeatures, type PatchFeatures } from './patches/registerPatchFeatures';
import { PersonaCatalog } from './personas/catalog';
import { PersonaFileSystem, registerPersonaFileSystem } from './personas/fileSystem';
import { registerStockNotice } from './personas/stockNotice';
import { PersonaStore } from './personas/store';
import { PersonaTreeProvider, registerPersonaTree } from './personas/tree';
import { createSavePipeline } from './save/createSavePipeline';
import type { ExtensionServices, Services } from './services';
import { createTavusClient } from './tavus/createClient';
import { noticingPersonas } from './tavus/secretAwareApi';

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = new TavusLog();
  const keys = new ApiKeyStore(context.secrets);
  const { client, transport } = createTavusClient(keys, log);
  const api = noticingPersonas(client, (persona) => log.addSecrets(collectSecrets(persona)));
  const store = new PersonaStore(api);
  const catalog = new PersonaCatalog(api);
  const tree = new PersonaTreeProvider(catalog, keys);
  context.subscriptions.push(log, keys, transport, store, catalog, tree);
  const core: Services = { api, keys, log, store, catalog, tree };
  const conversations = createConversations(context, core, transport, (signal) => usableReplicas(api, signal));
  const services: ExtensionServices = { ...core, save: createSavePipeline(context, core), conversations };
  endOnExit = () => conversations.endOnExit();

  registerPersonaFileSystem(context, new PersonaFileSystem(store, catalog, services.save.pipeline));
  registerPersonaTree(context, services);
  registerStockNotice(context, services);
  registerCommands(context, services);
  const patches = registerPatchFeatures(context, services);
  registerCatalogUpdates(context, services);
  void keys.updateContext();
  return { ...services, patches, logUri: context.logUri };
}

/** Saved personas update in place; a new key or base URL means another account, so the listing is dropped and reloaded when shown. */
function registerCatalogUpdates(context: vscode.ExtensionContext, { keys, catalog, store }: Services): void {
  const reload = () => catalog.reset();
  context.subscriptions.push(
    store.onDidChangeBase((id) => catalog.update(store.get(id)!)),
    keys.onDidChange(reload),
    vscode.workspace.onDidChangeConfiguration((event) => affectsConnection(event) && reload()),
  );
}

/** What activate() hands out: the services, for integration tests and for other extensions. */
export interface ExtensionApi extends ExtensionServices {
  patches: PatchFeatures;
  /** Where VS Code writes the "Tavus" log channel. */
  logUri: vscode.Uri;
}

/**
 * The one piece of module state: deactivate() gets no arguments, yet must reach the running
 * extension to end the conversations started here (VS Code awaits it, for a few seconds at most).
 */
let endOnExit: ConversationServices['endOnExit'] | undefined;

export async function deactivate(): Promise<void> {
  await endOnExit?.().catch(() => undefined);
}
