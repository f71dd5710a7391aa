import type { ApiKeyStore } from './auth/apiKeyStore';
import type { TavusLog } from './log';
import type { PersonaCatalog } from './personas/catalog';
import type { ReferenceLists } from './personas/referenceLists';
import type { PersonaStore } from './personas/store';
import type { PersonaTreeProvider } from './personas/tree';
import type { SaveServices } from './save/createSavePipeline';
import type { TavusApi } from './tavus/api';

/** What commands and adapters are built from; created once in activate(). */
export interface Services {
  api: TavusApi;
  keys: ApiKeyStore;
  log: TavusLog;
  store: PersonaStore;
  catalog: PersonaCatalog;
  tree: PersonaTreeProvider;
  /** The account's replicas, documents, objectives, guardrails and tools, for schema completion and checks. */
  references: ReferenceLists;
}

/** Services plus the save pipeline; also what activate() returns, which integration tests use. */
export interface ExtensionServices extends Services {
  save: SaveServices;
}
