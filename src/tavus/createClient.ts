import type { ApiKeyStore } from '../auth/apiKeyStore';
import type { Config } from '../config';
import type { TavusLog } from '../log';
import { TavusClient } from './client';
import { HttpTransport } from './http';

/** The client reads settings and the key on every request, so changes apply without a reload. */
export function createTavusClient(
  keys: ApiKeyStore,
  log: TavusLog,
  config: Config,
): { client: TavusClient; transport: HttpTransport } {
  const transport = new HttpTransport({
    settings: async () => {
      const apiKey = await keys.get();
      if (apiKey) log.addSecrets([apiKey]);
      return { baseUrl: config.apiBaseUrl, apiKey, timeoutMs: config.requestTimeoutMs };
    },
    onRequest: (record) => log.request(record),
  });
  const client = new TavusClient(transport, { pageSize: () => config.pageSize });
  return { client, transport };
}
