import { parseArgs } from 'util';
import { payloadUrl, startCodeServer } from './host/codeServer';
import { prepareExtensionEnvironment } from './host/extensionEnvironment';
import { repoRoot } from './host/paths';
import { startTavusServer } from './server/tavusServer';

const USAGE = 'Usage: npm run demo -- [--port 8080] [--tavus-port 0]';

/**
 * Serves VS Code (code-server) on 127.0.0.1 with the extension from this repository, talking
 * to the local Tavus sandbox, until Ctrl+C, SIGTERM or SIGHUP.
 *
 * The extension is loaded through the workbench URL's `extensionDevelopmentPath` rather than
 * installed into the extensions dir: nothing is packaged or copied, a rebuild plus "Developer:
 * Reload Window" picks up changes, and it is the same mechanism the tests use. The price is
 * that the extension is only there when the workbench is opened with the printed URL.
 */
async function main(): Promise<void> {
  // Listened for before anything starts: a signal during start-up must not kill this process
  // with its default action, which would leave code-server's detached process group running.
  const stopRequested = untilStopSignal();
  const { port, tavusPort } = parsePorts();
  const environment = await prepareExtensionEnvironment({ tavusPort });
  // A second sandbox, so that Switch Connection has somewhere to go: "staging" is the first
  // sandbox (also "default"), "production" the second, each with its own key.
  const production = await startTavusServer({ apiKey: 'tavus-production-key' });
  const server = await startCodeServer({
    workspace: environment.workspace,
    env: {
      ...environment.env,
      TAVUS_API_KEY_STAGING: environment.sandbox.apiKey,
      TAVUS_API_KEY_PRODUCTION: production.apiKey,
    },
    settings: {
      ...environment.settings,
      'tavus.connections': [
        { name: 'staging', baseUrl: environment.sandbox.url },
        { name: 'production', baseUrl: production.url },
      ],
    },
    port,
  }).catch(async (error: Error) => {
    await production.close();
    await environment.dispose();
    throw error;
  });
  const url = payloadUrl(server, { folder: environment.workspace, extensionDevelopmentPath: repoRoot });
  console.log(`\nOpen VS Code with the Tavus Persona Editor:\n  ${url}\n`);
  console.log(`Tavus sandbox "staging" (also "default"): ${environment.sandbox.url}  API key: ${environment.sandbox.apiKey}`);
  console.log(`Tavus sandbox "production": ${production.url}  API key: ${production.apiKey}`);
  console.log('Press Ctrl+C to stop.');
  await stopRequested;
  console.log('\nStopping…');
  await server.stop();
  await production.close();
  await environment.dispose();
}

function parsePorts(): { port: number; tavusPort: number } {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '8080' }, 'tavus-port': { type: 'string', default: '0' } },
  });
  return { port: parsePort(values.port, '--port'), tavusPort: parsePort(values['tavus-port'], '--tavus-port') };
}

function parsePort(raw: string, flag: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new Error(`${flag} needs a port number, got ${raw}`);
  return Number(raw);
}

/** Ctrl+C, a process manager's SIGTERM, or SIGHUP from a closed terminal: each stops every child. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function untilStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      for (const signal of STOP_SIGNALS) process.off(signal, stop);
      // A second signal while stopping is ignored rather than fatal, so the stop still finishes.
      for (const signal of STOP_SIGNALS) process.on(signal, () => undefined);
      resolve();
    };
    for (const signal of STOP_SIGNALS) process.on(signal, stop);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
