import type { ApiKeyStore } from './auth/apiKeyStore';
import type { Config } from './config';
import type { Connections } from './connections/connections';
import type { ConversationServices } from './conversations/createConversations';
import type { FieldServices } from './fields/registerFields';
import type { HistoryServices } from './history/createHistory';
import type { LifecycleServices } from './lifecycle/createLifecycle';
import type { TavusLog } from './log/tavusLog';
import type { PatchFeatures } from './patches/registerPatchFeatures';
import type { PersonaFileServices } from './personaFiles/registerPersonaFiles';
import type { PersonaCatalog } from './personas/catalog';
import type { ReferenceLists } from './personas/referenceLists';
import type { PersonaStore } from './personas/store';
import type { PersonaTreeProvider } from './personas/tree';
import type { DocumentOrigins } from './personas/origins';
import type { SaveServices } from './save/registerSaving';
import type { TavusApi } from './tavus/api';
import type { Notifier } from './ui/notifier';
import type { Questions } from './ui/questions';

/**
 * What commands and adapters are built from, created once in activate() and returned by it (integration
 * tests use it). The parts built from other parts (save, conversations, history, patches) take a Pick of
 * what they need, so the order of construction is in their signatures.
 */
export interface Services {
  api: TavusApi;
  config: Config;
  /** The named connections (base URL and key each) and the active one, which everything else talks to. */
  connections: Connections;
  /** The active connection's key. */
  keys: ApiKeyStore;
  log: TavusLog;
  notifier: Notifier;
  /** The persona pickers and the key input; a test seam. */
  questions: Questions;
  store: PersonaStore;
  catalog: PersonaCatalog;
  tree: PersonaTreeProvider;
  origins: DocumentOrigins;
  /** The account's replicas, documents, objectives, guardrails and tools, for schema completion and checks. */
  references: ReferenceLists;
  /** Saving persona documents and the patch transaction every write goes through. */
  save: SaveServices;
  conversations: ConversationServices;
  history: HistoryServices;
  patches: PatchFeatures;
  lifecycle: LifecycleServices;
  fields: FieldServices;
  /** `*.persona.json` files: pull, push, compare, and their Explorer marks. */
  personaFiles: PersonaFileServices;
}
