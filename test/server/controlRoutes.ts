import type { JsonValue, PatchOp, Persona } from '../../src/core/json';
import { isJsonObject } from '../../src/core/json';
import type { Fault } from './faults';
import {
  type ApiRequest,
  type ApiResponse,
  decodeSegment,
  emptyResponse,
  jsonResponse,
  messageResponse,
  parseJson,
} from './http';
import type { GetShape } from './personaRoutes';
import type { RecordedRequest } from './requestLog';

/** The slice of TavusServer that out-of-process callers (Playwright, the demo) may drive. */
export interface ControlTarget {
  readonly requests: RecordedRequest[];
  reset(): void;
  setGetShape(shape: GetShape): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  getStored(id: string): Persona | undefined;
  updateAsOtherClient(id: string, ops: PatchOp[]): Persona;
}

/** Handles `/__control/...`; `segments` excludes the `__control` prefix. No API key: loopback-only test hooks. */
export function routeControl(request: ApiRequest, target: ControlTarget): ApiResponse {
  const [resource, rawId, ...rest] = request.segments.slice(1);
  if (rest.length > 0) return notFound();
  const route = `${request.method} ${resource}${rawId === undefined ? '' : '/:id'}`;
  try {
    switch (route) {
      case 'POST reset':
        target.reset();
        return emptyResponse(204);
      case 'POST faults':
        return withJsonBody(request, (fault) => {
          target.injectFault(fault as Fault);
          return emptyResponse(204);
        });
      case 'DELETE faults':
        target.clearFaults();
        return emptyResponse(204);
      case 'GET requests':
        return jsonResponse(200, target.requests as unknown as JsonValue);
      case 'POST get-shape':
        return withJsonBody(request, (body) => setShape(target, body));
      case 'GET personas/:id':
        return withId(rawId!, (id) => {
          const persona = target.getStored(id);
          return persona ? jsonResponse(200, persona) : notFound();
        });
      case 'PATCH personas/:id':
        return withId(rawId!, (id) =>
          withJsonBody(request, (ops) => jsonResponse(200, target.updateAsOtherClient(id, ops as PatchOp[]))),
        );
      default:
        return notFound();
    }
  } catch (error) {
    return messageResponse(400, error instanceof Error ? error.message : String(error));
  }
}

function setShape(target: ControlTarget, body: unknown): ApiResponse {
  const shape = isJsonObject(body) ? body.shape : undefined;
  if (shape !== 'bare' && shape !== 'wrapped') return messageResponse(400, 'shape must be "bare" or "wrapped"');
  target.setGetShape(shape);
  return emptyResponse(204);
}

function withJsonBody(request: ApiRequest, handle: (body: unknown) => ApiResponse): ApiResponse {
  const body = parseJson(request.bodyText);
  return body.ok ? handle(body.value) : messageResponse(400, 'Invalid JSON');
}

function withId(rawId: string, handle: (id: string) => ApiResponse): ApiResponse {
  const id = decodeSegment(rawId);
  return id === undefined ? notFound() : handle(id);
}

function notFound(): ApiResponse {
  return messageResponse(404, 'Not found');
}
