import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { PatchOp, Persona } from '../../src/core/json';
import { routeControl } from './controlRoutes';
import { isConversationPage, sendConversationPage, CONVERSATION_PAGE_PREFIX } from './conversationPage';
import { isConversationRequest, routeConversations, type ConversationContext } from './conversationRoutes';
import { ConversationStore } from './conversationStore';
import { replacesResponse, sendFaultResponse } from './faultResponses';
import { type Fault, FaultQueue } from './faults';
import { type FixturePersona, createFixturePersonas } from './fixtures';
import {
  type ApiRequest,
  type ApiResponse,
  MAX_BODY_BYTES,
  messageResponse,
  readBody,
  splitPath,
  TOO_LARGE,
  writeResponse,
} from './http';
import { patchPersona } from './personaPatch';
import { type ApiContext, type GetShape, routeApi } from './personaRoutes';
import { PersonaStore } from './personaStore';
import { type ReferenceFixtures, createReferenceFixtures } from './referenceFixtures';
import { type RecordedRequest, recordRequest } from './requestLog';

export type { Fault, FaultKind, FaultMatch } from './faults';
export type { FixturePersona } from './fixtures';
export type { GetShape } from './personaRoutes';
export type { ReferenceFixtures } from './referenceFixtures';
export type { RecordedRequest } from './requestLog';
export type { ConversationStore, StoredConversation } from './conversationStore';

export interface TavusServerOptions {
  port?: number;
  apiKey?: string;
  /** GET /v2/personas/:id answers a bare persona (what real clients see) or `{data:[persona]}` (what the docs show). */
  getShape?: GetShape;
  personas?: FixturePersona[];
  /** Replicas, documents, objectives, guardrails and tools; by default those the fixture personas point to. */
  references?: ReferenceFixtures;
  /** Added to every /v2 request, on top of any fault latency; unlike a fault it survives reset(). */
  latencyMs?: number;
}

export interface TavusServer {
  url: string;
  apiKey: string;
  close(): Promise<void>;
  reset(): void;
  setGetShape(shape: GetShape): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  readonly requests: RecordedRequest[];
  /** Conversations created through POST /v2/conversations; reset() clears them. */
  readonly conversations: ConversationStore;
  getStored(id: string): Persona | undefined;
  updateAsOtherClient(id: string, ops: PatchOp[]): Persona;
}

export const DEFAULT_API_KEY = 'tavus-sandbox-key';

const CONTROL_PREFIX = '/__control/';

export async function startTavusServer(options: TavusServerOptions = {}): Promise<TavusServer> {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const initialShape = options.getShape ?? 'bare';
  const store = new PersonaStore(options.personas ?? createFixturePersonas());
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  const closing = new AbortController();
  let shape = initialShape;
  let closed: Promise<void> | undefined;
  const references = options.references ?? createReferenceFixtures(options.personas);
  const context: ApiContext = { store, getShape: () => shape, references };
  const conversations = new ConversationStore((id) => conversationPageUrl(sandbox.url, id));
  const conversationContext: ConversationContext = {
    conversations,
    personas: store,
    replicaExists: (id) => references.replicas.some((replica) => replica.replica_id === id),
  };

  const sandbox: TavusServer = {
    url: '',
    apiKey,
    requests,
    conversations,
    close: () => (closed ??= closeServer(server, closing)),
    reset() {
      store.reset();
      conversations.reset();
      faults.clear();
      requests.length = 0;
      shape = initialShape;
    },
    setGetShape(next) {
      shape = next;
    },
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    getStored(id) {
      const persona = store.find(id);
      return persona && structuredClone(persona);
    },
    updateAsOtherClient(id, ops) {
      const current = store.find(id);
      if (!current) throw new Error(`No persona ${id}`);
      const outcome = patchPersona(current, ops);
      if (outcome.kind === 'rejected') throw new Error(outcome.message);
      if (outcome.kind === 'changed') store.update(id, outcome.persona);
      return structuredClone(store.find(id)!);
    },
  };

  const handlers: RequestHandlers = {
    api: (request, record) =>
      isConversationRequest(request.segments)
        ? routeConversations(request, record.authorized, conversationContext)
        : routeApi(request, record.authorized, context),
    conversationPage: (res, pathname) => sendConversationPage(res, pathname, conversations),
    control: (request) => routeControl(request, sandbox),
    takeFault: (method, path) => faults.take(method, path),
    apiKey,
    requests,
    baseLatencyMs: options.latencyMs ?? 0,
    signal: closing.signal,
  };
  const server = createServer((req, res) => {
    handleRequest(req, res, handlers).catch((error: unknown) => failRequest(res, error, closing.signal));
  });
  const port = await listen(server, options.port ?? 0);
  sandbox.url = `http://127.0.0.1:${port}`;
  return sandbox;
}

interface RequestHandlers {
  api(request: ApiRequest, record: RecordedRequest): ApiResponse;
  control(request: ApiRequest): ApiResponse;
  conversationPage(res: ServerResponse, pathname: string): void;
  takeFault(method: string, path: string): Fault | undefined;
  apiKey: string;
  requests: RecordedRequest[];
  baseLatencyMs: number;
  signal: AbortSignal;
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, handlers: RequestHandlers): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  if (url.pathname.startsWith(CONTROL_PREFIX)) {
    const bodyText = await readBody(req, MAX_BODY_BYTES);
    if (bodyText === TOO_LARGE) return writeResponse(res, messageResponse(413, 'Request body too large'));
    return writeResponse(res, handlers.control({ method, segments: splitPath(url.pathname), query: url.searchParams, bodyText }));
  }
  if (method === 'GET' && isConversationPage(url.pathname)) return handlers.conversationPage(res, url.pathname);

  const record = recordRequest(req, url, handlers.apiKey);
  handlers.requests.push(record);
  const fault = handlers.takeFault(method, url.pathname);
  const latencyMs = handlers.baseLatencyMs + (fault?.latencyMs ?? 0);
  if (latencyMs > 0) await delay(latencyMs, undefined, { signal: handlers.signal });
  if (fault?.kind === 'reset-before-body') return void req.socket.destroy();

  const bodyText = await readBody(req, MAX_BODY_BYTES);
  if (bodyText === TOO_LARGE) return respond(res, record, messageResponse(413, 'Request body too large'));
  if (bodyText !== '') record.body = bodyText;
  if (fault && replacesResponse(fault)) {
    record.status = sendFaultResponse(res, fault);
    return;
  }
  const response = handlers.api({ method, segments: splitPath(url.pathname), query: url.searchParams, bodyText }, record);
  // The change is stored above; only the answer is lost, as when a proxy drops the connection.
  if (fault?.kind === 'reset-after-body') return void req.socket.destroy();
  respond(res, record, response);
}

function respond(res: ServerResponse, record: RecordedRequest, response: ApiResponse): void {
  record.status = response.status;
  writeResponse(res, response);
}

/** A request cut short by close() is expected; anything else is a bug in the sandbox and should be loud. */
function failRequest(res: ServerResponse, error: unknown, closing: AbortSignal): void {
  if (closing.aborted) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  writeResponse(res, messageResponse(500, `Sandbox server error: ${error instanceof Error ? error.message : String(error)}`));
}

/**
 * The page's address spells 127.0.0.1 as 127.1: VS Code for the Web (code-server) rewrites an
 * opened `localhost`/`127.0.0.1:port` URL to its own port proxy and drops the path, so the
 * browser would never reach the room. The short spelling is the same address to every URL parser.
 */
function conversationPageUrl(serverUrl: string, id: string): string {
  return `${serverUrl.replace('//127.0.0.1:', '//127.1:')}${CONVERSATION_PAGE_PREFIX}${id}`;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Destroys hanging and keep-alive sockets too, so a never-finish fault cannot keep a test process alive. */
function closeServer(server: Server, closing: AbortController): Promise<void> {
  closing.abort();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
