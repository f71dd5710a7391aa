import type { IncomingMessage } from 'node:http';

export interface RecordedRequest {
  method: string;
  /** Path without the query string, still percent-encoded. */
  path: string;
  query: Record<string, string>;
  body?: string;
  /** 0 while unanswered, and for requests whose socket was destroyed without an answer. */
  status: number;
  authorized: boolean;
}

/** Never keeps the key itself: logs end up in test output and CI artifacts. */
export function recordRequest(req: IncomingMessage, url: URL, apiKey: string): RecordedRequest {
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value === apiKey ? '[redacted]' : value;
  return { method: req.method ?? 'GET', path: url.pathname, query, status: 0, authorized: req.headers['x-api-key'] === apiKey };
}
