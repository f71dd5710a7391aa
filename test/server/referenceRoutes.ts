import type { JsonObject } from '../../src/core/json';
import { type ApiRequest, type ApiResponse, errorResponse, jsonResponse, messageResponse } from './http';
import { integerParam } from './personaRoutes';
import type { ReferenceFixtures } from './referenceFixtures';

const REFERENCE_COLLECTIONS = ['replicas', 'documents', 'objectives', 'guardrails', 'tools'];

/** Whether `collection` is one of the lists persona fields point into (answered by routeReferenceList). */
export function isReferenceCollection(collection: string | undefined): boolean {
  return collection !== undefined && REFERENCE_COLLECTIONS.includes(collection);
}

/** GET of a reference list. Only listing is served; single items and changes are not part of the sandbox. */
export function routeReferenceList(request: ApiRequest, references: ReferenceFixtures): ApiResponse {
  const [, collection, id] = request.segments;
  if (request.method !== 'GET' || id !== undefined) return messageResponse(404, 'Not found');
  const query = request.query;
  switch (collection) {
    case 'replicas':
      return listReplicas(query, references.replicas);
    case 'documents':
      return pagedList(query, filterDocuments(query, references.documents), 0, true);
    case 'objectives':
      return pagedList(query, references.objectives, 1);
    case 'guardrails':
      return listGuardrails(query, references);
    default:
      return listTools(query, references.tools);
  }
}

function listReplicas(query: URLSearchParams, replicas: JsonObject[]): ApiResponse {
  const type = query.get('replica_type');
  if (type !== null && type !== 'user' && type !== 'system') return errorResponse(400, 'replica_type must be user or system');
  const matching = replicas.filter((replica) => type === null || replica.replica_type === type);
  // The type is documented to come back only with verbose=true.
  const verbose = query.get('verbose') === 'true';
  const shown = verbose ? matching : matching.map(({ replica_type: _omitted, ...rest }) => rest);
  return pagedList(query, shown, 1);
}

function filterDocuments(query: URLSearchParams, documents: JsonObject[]): JsonObject[] {
  const status = query.get('status');
  return status === null ? documents : documents.filter((document) => document.status === status);
}

/** `legacy` defaults to true: the plain list is of the old guardrail sets. */
function listGuardrails(query: URLSearchParams, references: ReferenceFixtures): ApiResponse {
  const legacy = query.get('legacy') ?? 'true';
  if (legacy !== 'true' && legacy !== 'false') return errorResponse(400, "legacy must be 'true' or 'false'");
  return pagedList(query, legacy === 'true' ? references.guardrailSets : references.guardrails, 1);
}

function listTools(query: URLSearchParams, tools: JsonObject[]): ApiResponse {
  const type = query.get('type') ?? 'user';
  if (!['user', 'system', 'all'].includes(type)) return errorResponse(400, 'type must be user, system or all');
  const matching = tools.filter((tool) => type === 'all' || (tool.is_system_tool === true) === (type === 'system'));
  return pagedList(query, matching, 1);
}

/**
 * `firstPage` is where numbering starts for this resource: documents count from 0, so asking them
 * for page 1 gives the second page, and asking the others for page 0 is refused.
 */
function pagedList(query: URLSearchParams, items: JsonObject[], firstPage: 0 | 1, echoPaging = false): ApiResponse {
  const limit = integerParam(query, 'limit', 10);
  if (limit === undefined || limit < 1 || limit > 100) return errorResponse(400, 'limit must be an integer from 1 to 100');
  const page = integerParam(query, 'page', firstPage);
  if (page === undefined || page < firstPage) return errorResponse(400, `page must be an integer of at least ${firstPage}`);
  const start = (page - firstPage) * limit;
  const data = items.slice(start, start + limit);
  return jsonResponse(200, echoPaging ? { data, total_count: items.length, page, limit } : { data, total_count: items.length });
}
