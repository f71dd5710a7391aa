import * as vscode from 'vscode';
import { ApiKeyStore } from './auth/apiKeyStore';
import { registerCommands } from './commands';
import { affectsConnection } from './config';
import { collectSecrets } from './core/redact';
import { TavusLog } from './log';
import { registerPatchFeatures, type PatchFeatures } from './patches/registerPatchFeatures';
import { PersonaCatalog } from './personas/catalog';
import { PersonaFileSystem, registerPersonaFileSystem } from './personas/fileSystem';
import { registerStockNotice } from './personas/stockNotice';
import { ReferenceLists } from './personas/referenceLists';
import { PersonaStore } from './personas/store';
import { PersonaTreeProvider, registerPersonaTree } from './personas/tree';
import { createSavePipeline } from './save/createSavePipeline';
import { registerSchemaFeatures } from './schema/registerSchemaFeatures';
import type { SchemaDiagnostics } from './schema/schemaDiagnostics';
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
  const references = new ReferenceLists(api, log);
  context.subscriptions.push(log, keys, transport, store, catalog, tree, references);
  const core: Services = { api, keys, log, store, catalog, tree, references };
  const services: ExtensionServices = { ...core, save: createSavePipeline(context, core) };

  registerPersonaFileSystem(context, new PersonaFileSystem(store, catalog, services.save.pipeline));
  registerPersonaTree(context, services);
  registerStockNotice(context, services);
  registerCommands(context, services);
  const patches = registerPatchFeatures(context, services);
  const schemaDiagnostics = registerSchemaFeatures(context, services);
  registerCatalogUpdates(context, services);
  void keys.updateContext();
  return { ...services, patches, schemaDiagnostics, logUri: context.logUri };
}

/**
 * Saved personas update in place; a new key or base URL means another account, so the listing and
 * the reference lists are dropped and reloaded when next needed.
 */
function registerCatalogUpdates(context: vscode.ExtensionContext, { keys, catalog, store, references }: Services): void {
  const reload = () => {
    catalog.reset();
    references.reset();
  };
  context.subscriptions.push(
    store.onDidChangeBase((id) => catalog.update(store.get(id)!)),
    keys.onDidChange(reload),
    vscode.workspace.onDidChangeConfiguration((event) => affectsConnection(event) && reload()),
  );
}

/** What activate() hands out: the services, for integration tests and for other extensions. */
export interface ExtensionApi extends ExtensionServices {
  patches: PatchFeatures;
  /** Schema problems of persona documents, as the Problems panel shows them. */
  schemaDiagnostics: SchemaDiagnostics;
  /** Where VS Code writes the "Tavus" log channel. */
  logUri: vscode.Uri;
}

export function deactivate(): void {}
