import { isJsonObject, type JsonObject } from '../../src/core/json';
import { DEFAULT_MAX_CALL_DURATION_SECONDS, type ConversationStore } from './conversationStore';
import {
  type ApiRequest,
  type ApiResponse,
  decodeSegment,
  emptyResponse,
  errorResponse,
  jsonResponse,
  messageResponse,
  parseJson,
} from './http';
import type { PersonaStore } from './personaStore';

export interface ConversationContext {
  conversations: ConversationStore;
  personas: PersonaStore;
  /** Whether the account has this replica (Tavus answers 400 "Invalid replica_id" otherwise). */
  replicaExists(id: string): boolean;
}

/** Tavus's documented cap for `properties.max_call_duration`. */
const MAX_CALL_DURATION_LIMIT = 3600;

export function isConversationRequest(segments: readonly string[]): boolean {
  return segments[0] === 'v2' && segments[1] === 'conversations';
}

/** `/v2/conversations[/:id[/end]]`, as Tavus documents them. */
export function routeConversations(request: ApiRequest, authorized: boolean, context: ConversationContext): ApiResponse {
  if (!authorized) return messageResponse(401, 'Invalid access token');
  const [, , rawId, action, ...rest] = request.segments;
  if (rest.length > 0) return notFound();
  if (rawId === undefined) {
    if (request.method === 'GET') return listConversations(request.query, context.conversations);
    if (request.method === 'POST') return createConversation(request.bodyText, context);
    return notFound();
  }
  const id = decodeSegment(rawId);
  if (id === undefined || !context.conversations.find(id)) return errorResponse(400, 'Invalid conversation_id');
  if (action === 'end' && request.method === 'POST') return endConversation(id, context.conversations);
  if (action !== undefined) return notFound();
  if (request.method === 'GET') return jsonResponse(200, context.conversations.find(id)!);
  if (request.method === 'DELETE') {
    context.conversations.delete(id);
    return emptyResponse(204);
  }
  return notFound();
}

function listConversations(query: URLSearchParams, store: ConversationStore): ApiResponse {
  const limit = integerParam(query, 'limit', 10);
  const page = integerParam(query, 'page', 1);
  if (limit === undefined || limit < 1) return errorResponse(400, 'limit must be a positive integer');
  if (page === undefined || page < 1) return errorResponse(400, 'page must be an integer of at least 1');
  const status = query.get('status');
  if (status !== null && status !== 'active' && status !== 'ended') return errorResponse(400, 'status must be active or ended');
  const all = store.list(status ?? undefined);
  const start = (page - 1) * limit;
  return jsonResponse(200, { data: all.slice(start, start + limit), total_count: all.length });
}

function createConversation(bodyText: string, context: ConversationContext): ApiResponse {
  const body = parseJson(bodyText);
  if (!body.ok) return errorResponse(400, 'Invalid JSON');
  if (!isJsonObject(body.value)) return errorResponse(400, 'The request body must be a JSON object');
  const fields = body.value;
  const persona = typeof fields.persona_id === 'string' ? context.personas.find(fields.persona_id) : undefined;
  if (fields.persona_id !== undefined && !persona) return errorResponse(400, 'Invalid persona_id');
  // The request's replica beats the persona's default; one of the two must exist.
  const replicaId = fields.replica_id ?? persona?.default_replica_id;
  if (typeof replicaId !== 'string' || replicaId === '') {
    return errorResponse(400, 'replica_id is required when the persona has no default_replica_id');
  }
  if (!context.replicaExists(replicaId)) return errorResponse(400, 'Invalid replica_id');
  const duration = maxCallDuration(fields);
  if (duration === undefined) {
    return errorResponse(400, `properties.max_call_duration must be an integer from 1 to ${MAX_CALL_DURATION_LIMIT}`);
  }
  const testMode = fields.test_mode === true;
  if (!testMode && context.conversations.activeCount() >= context.conversations.maxConcurrent) {
    return messageResponse(400, 'User has reached maximum concurrent conversations');
  }
  const conversation = context.conversations.create({
    name: typeof fields.conversation_name === 'string' ? fields.conversation_name : 'New Conversation',
    personaId: typeof fields.persona_id === 'string' ? fields.persona_id : 'p9a95912',
    replicaId,
    maxCallDurationSeconds: duration,
    testMode,
  });
  const { conversation_id, conversation_name, conversation_url, status, callback_url, created_at } = conversation;
  return jsonResponse(200, { conversation_id, conversation_name, conversation_url, status, callback_url, created_at });
}

function maxCallDuration(fields: JsonObject): number | undefined {
  const properties = isJsonObject(fields.properties) ? fields.properties : {};
  const value = properties.max_call_duration ?? DEFAULT_MAX_CALL_DURATION_SECONDS;
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_CALL_DURATION_LIMIT
    ? (value as number)
    : undefined;
}

/** Tavus documents a bare 200 "OK"; ending an ended conversation is refused like an unknown one. */
function endConversation(id: string, store: ConversationStore): ApiResponse {
  if (!store.end(id)) return errorResponse(400, 'Conversation has already ended');
  return messageResponse(200, 'OK');
}

function integerParam(query: URLSearchParams, name: string, fallback: number): number | undefined {
  const raw = query.get(name);
  if (raw === null) return fallback;
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

function notFound(): ApiResponse {
  return messageResponse(404, 'Not found');
}
