import type { ServerResponse } from 'node:http';
import type { Fault } from './faults';

const HUGE_BODY_BYTES = 10 * 1024 * 1024;

const NGINX_502_PAGE = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

/** Looks like a persona on purpose, so a client that parses the first half optimistically still fails. */
const TRUNCATED_SOURCE = JSON.stringify({
  persona_id: 'p000000000000',
  persona_name: 'Truncated Response',
  system_prompt: 'This body was cut off in the middle by the sandbox server.',
  layers: { llm: { model: 'tavus-gpt-oss' } },
});

/** True when the fault replaces the normal answer (the route handler then never runs). */
export function replacesResponse(fault: Fault): boolean {
  return fault.status !== undefined || (fault.kind !== undefined && fault.kind !== 'reset-after-body');
}

/** Writes the faulty answer and returns the status the request log should show. */
export function sendFaultResponse(res: ServerResponse, fault: Fault): number {
  const headers: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  switch (fault.kind) {
    case 'truncated-json':
      return sendTruncated(res, headers);
    case 'html-error':
      return sendText(res, fault.status ?? 502, 'text/html', NGINX_502_PAGE, headers);
    case 'non-json':
      return sendText(res, 200, 'text/plain', 'OK\x00\x01 upstream said: <<garbage>> {not json', headers);
    case 'huge-body':
      return sendText(res, 200, 'application/json', hugeJson(), headers);
    case 'never-finish':
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.write('{"data":[{"persona_id":"');
      return 200;
    case 'redirect':
      res.writeHead(307, { location: fault.redirectTo ?? '', 'content-length': '0', ...headers });
      res.end();
      return 307;
    default: {
      const status = fault.status ?? 500;
      const body = JSON.stringify({ message: `Injected fault: HTTP ${status}` });
      return sendText(res, status, 'application/json', body, headers);
    }
  }
}

function sendText(res: ServerResponse, status: number, type: string, text: string, headers: Record<string, string>): number {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
  return status;
}

function sendTruncated(res: ServerResponse, headers: Record<string, string>): number {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(TRUNCATED_SOURCE),
    ...headers,
  });
  res.write(TRUNCATED_SOURCE.slice(0, TRUNCATED_SOURCE.length >> 1), () => res.socket?.destroy());
  return 200;
}

function hugeJson(): string {
  const prefix = '{"persona_id":"p000000000001","persona_name":"Huge Response","system_prompt":"';
  const suffix = '"}';
  return prefix + 'x'.repeat(HUGE_BODY_BYTES - prefix.length - suffix.length) + suffix;
}
