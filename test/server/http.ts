import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonValue } from '../../src/core/json';

/** What a route decides; kept apart from the socket so a fault can discard an answer after its side effects happened. */
export interface ApiResponse {
  status: number;
  body?: JsonValue;
  headers?: Record<string, string>;
}

export interface ApiRequest {
  method: string;
  /** Raw (still percent-encoded) path segments, so an encoded `/` inside an id stays inside that id. */
  segments: string[];
  query: URLSearchParams;
  bodyText: string;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false };

export const MAX_BODY_BYTES = 20 * 1024 * 1024;

export function jsonResponse(status: number, body: JsonValue): ApiResponse {
  return { status, body };
}

export function emptyResponse(status: number): ApiResponse {
  return { status };
}

export function errorResponse(status: number, error: string): ApiResponse {
  return jsonResponse(status, { error });
}

export function messageResponse(status: number, message: string): ApiResponse {
  return jsonResponse(status, { message });
}

export function writeResponse(res: ServerResponse, response: ApiResponse): void {
  if (response.body === undefined) {
    res.writeHead(response.status, response.headers);
    res.end();
    return;
  }
  const text = JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...response.headers,
  });
  res.end(text);
}

export function splitPath(pathname: string): string[] {
  const segments = pathname.split('/').slice(1);
  if (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  return segments;
}

export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Drains the whole body even past the limit: answering 413 while the client is
 * still uploading makes most clients report a reset instead of the status.
 */
/** What readBody answers for a body over its limit. */
export const TOO_LARGE = Symbol('too large');

export function readBody(req: IncomingMessage, limitBytes: number): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limitBytes ? TOO_LARGE : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
