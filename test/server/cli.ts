import { parseArgs } from 'node:util';
import { createGeneratedPersonas } from './generatedPersonas';
import { DEFAULT_API_KEY, startTavusServer } from './tavusServer';

const USAGE =
  'Usage: node out/test/server/cli.js [--port N] [--api-key K] [--get-shape bare|wrapped] [--latency MS] [--generated N]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'api-key': { type: 'string', default: DEFAULT_API_KEY },
      'get-shape': { type: 'string', default: 'bare' },
      latency: { type: 'string' },
      generated: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const port = parseNonNegative(values.port, '--port');
  const shape = values['get-shape'];
  if (shape !== 'bare' && shape !== 'wrapped') throw new Error('--get-shape must be bare or wrapped');
  const latencyMs = values.latency === undefined ? 0 : parseNonNegative(values.latency, '--latency');
  // --generated N: an account of N generated personas instead of the fixtures (npm run bench's 10,000).
  const personas =
    values.generated === undefined
      ? undefined
      : createGeneratedPersonas(parseNonNegative(values.generated, '--generated')).map((persona) => ({ persona }));
  const server = await startTavusServer({ port, apiKey: values['api-key'], getShape: shape, latencyMs, personas });
  console.log(`Tavus sandbox server listening on ${server.url}`);
  console.log(`API key: ${server.apiKey}`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parseNonNegative(raw: string, flag: string): number {
  if (!/^\d+$/.test(raw)) throw new Error(`${flag} needs a non-negative integer, got ${raw}`);
  return Number(raw);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
