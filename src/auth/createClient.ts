import type { ApiKeyStore } from './apiKeyStore';
import type { Config } from '../config';
import type { Connections } from '../connections/connections';
import type { TavusLog } from '../log/tavusLog';
import { TavusClient } from '../tavus/client';
import { HttpTransport } from '../tavus/http';

/**
 * The client reads settings and the key on every request, so changes apply without a reload. The
 * active connection is read once per request: its key never travels to another connection's base URL.
 */
export function createTavusClient(
  connections: Connections,
  keys: ApiKeyStore,
  log: TavusLog,
  config: Config,
): { client: TavusClient; transport: HttpTransport } {
  const transport = new HttpTransport({
    settings: async () => {
      const { name, baseUrl } = connections.active;
      const apiKey = await connections.key(name);
      if (apiKey) log.addSecrets([apiKey]);
      return { baseUrl, apiKey, timeoutMs: config.requestTimeoutMs };
    },
    onRequest: (record) => {
      log.request(record);
      if (record.status !== undefined) keys.noteAnswer(record.status);
    },
  });
  const client = new TavusClient(transport, { pageSize: () => config.pageSize });
  return { client, transport };
}

/**
 * Asks Tavus how many personas a key can see, before the key is stored: a client of its own,
 * so a refused candidate never marks the stored key as rejected.
 */
export async function countPersonasWithKey(
  candidate: string,
  baseUrl: string,
  log: TavusLog,
  config: Config,
): Promise<number | undefined> {
  log.addSecrets([candidate]);
  const transport = new HttpTransport({
    settings: () => Promise.resolve({ baseUrl, apiKey: candidate, timeoutMs: config.requestTimeoutMs }),
    onRequest: (record) => log.request(record),
  });
  try {
    return await new TavusClient(transport, { pageSize: () => 1 }).countPersonas();
  } finally {
    transport.dispose();
  }
}
