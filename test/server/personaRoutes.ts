import type { JsonObject } from '../../src/core/json';
import { isJsonObject } from '../../src/core/json';
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
import { SERVER_OWNED_FIELDS, patchPersona } from './personaPatch';
import type { PersonaStore } from './personaStore';
import type { ReferenceFixtures } from './referenceFixtures';
import { isReferenceCollection, routeReferenceList } from './referenceRoutes';

export type GetShape = 'bare' | 'wrapped';

export interface ApiContext {
  store: PersonaStore;
  getShape(): GetShape;
  references: ReferenceFixtures;
}

/** `pals` is the PAL-era name of the same collection. */
const COLLECTIONS = ['personas', 'pals'];

export function routeApi(request: ApiRequest, authorized: boolean, context: ApiContext): ApiResponse {
  const [version, collection, rawId, ...rest] = request.segments;
  if (version !== 'v2') return notFound();
  if (!authorized) return messageResponse(401, 'Invalid access token');
  if (isReferenceCollection(collection)) return routeReferenceList(request, context.references);
  if (!COLLECTIONS.includes(collection!) || rest.length > 0) return notFound();
  if (rawId === undefined) return routeCollection(request, context);
  const id = decodeSegment(rawId);
  if (id === undefined || context.store.find(id) === undefined) return invalidPersonaId();
  return routeItem(request, id, context);
}

function routeCollection(request: ApiRequest, context: ApiContext): ApiResponse {
  if (request.method === 'GET') return listPersonas(request.query, context.store);
  if (request.method === 'POST') return createPersona(request.bodyText, context);
  return notFound();
}

function routeItem(request: ApiRequest, id: string, context: ApiContext): ApiResponse {
  const { store } = context;
  switch (request.method) {
    case 'GET':
      return getPersona(id, context);
    case 'PATCH':
      if (store.isStock(id)) return messageResponse(403, 'Stock personas cannot be edited');
      return patchStoredPersona(id, request.bodyText, store);
    case 'DELETE':
      if (store.isStock(id)) return messageResponse(403, 'Stock personas cannot be deleted');
      store.delete(id);
      return emptyResponse(204);
    default:
      return notFound();
  }
}

function listPersonas(query: URLSearchParams, store: PersonaStore): ApiResponse {
  const limit = integerParam(query, 'limit', 10);
  if (limit === undefined || limit < 1 || limit > 100) return errorResponse(400, 'limit must be an integer from 1 to 100');
  const page = integerParam(query, 'page', 1);
  if (page === undefined || page < 1) return errorResponse(400, 'page must be an integer of at least 1');
  const type = query.get('persona_type');
  if (type !== null && type !== 'user' && type !== 'system') return errorResponse(400, 'persona_type must be user or system');
  const personas = store.list(type ?? undefined);
  const start = (page - 1) * limit;
  return jsonResponse(200, { data: personas.slice(start, start + limit), total_count: personas.length });
}

export function integerParam(query: URLSearchParams, name: string, fallback: number): number | undefined {
  const raw = query.get(name);
  if (raw === null) return fallback;
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

function getPersona(id: string, context: ApiContext): ApiResponse {
  const persona = context.store.find(id)!;
  return jsonResponse(200, context.getShape() === 'wrapped' ? { data: [persona] } : persona);
}

/** The docs leave the 200 body open; `{"message":"OK"}` is valid JSON and matches their wording. */
function patchStoredPersona(id: string, bodyText: string, store: PersonaStore): ApiResponse {
  const body = parseJson(bodyText);
  if (!body.ok) return invalidJson();
  const outcome = patchPersona(store.find(id)!, body.value);
  switch (outcome.kind) {
    case 'rejected':
      return messageResponse(422, outcome.message);
    case 'unchanged':
      return emptyResponse(304);
    case 'changed':
      store.update(id, outcome.persona);
      return messageResponse(200, 'OK');
  }
}

function createPersona(bodyText: string, { store, references }: ApiContext): ApiResponse {
  const body = parseJson(bodyText);
  if (!body.ok) return invalidJson();
  const fields = body.value;
  if (!isJsonObject(fields)) return errorResponse(400, 'The persona must be a JSON object');
  const problem = findCreateProblem(fields);
  if (problem) return errorResponse(400, problem);
  // Tavus's own wording for a replica the account does not have (docs, Create Persona).
  const replica = fields.default_replica_id;
  if (typeof replica === 'string' && !references.replicas.some((r) => r.replica_id === replica)) {
    return errorResponse(400, 'Invalid replica_uuid');
  }
  const persona = store.create(fields);
  return jsonResponse(200, {
    persona_id: persona.persona_id!,
    persona_name: persona.persona_name ?? null,
    created_at: persona.created_at!,
  });
}

function findCreateProblem(fields: JsonObject): string | undefined {
  const owned = SERVER_OWNED_FIELDS.find((field) => field in fields);
  if (owned) return `${owned} is set by the server`;
  if (fields.persona_name !== undefined && typeof fields.persona_name !== 'string') return 'persona_name must be a string';
  const mode = fields.pipeline_mode ?? 'full';
  if (mode !== 'full' && mode !== 'echo') return 'pipeline_mode must be full or echo';
  if (mode === 'full' && (typeof fields.system_prompt !== 'string' || fields.system_prompt === '')) {
    return 'system_prompt is required in full pipeline_mode';
  }
  if (fields.layers !== undefined && !isJsonObject(fields.layers)) return 'layers must be an object';
  return undefined;
}

function notFound(): ApiResponse {
  return messageResponse(404, 'Not found');
}

function invalidPersonaId(): ApiResponse {
  return errorResponse(400, 'Invalid persona_id');
}

function invalidJson(): ApiResponse {
  return errorResponse(400, 'Invalid JSON');
}
