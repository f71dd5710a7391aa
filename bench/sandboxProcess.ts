import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DEFAULT_API_KEY } from '../test/server/tavusServer';

/** The sandbox in its own process: the client under test then has its thread (and a core) to itself, as it would against Tavus. */
export interface SandboxProcess {
  url: string;
  apiKey: string;
  /** POST /__control/reset: the personas as they started, the request log emptied. */
  reset(): Promise<void>;
  /** How many requests the sandbox logged since the last reset. */
  requestCount(): Promise<number>;
  close(): void;
}

const CLI = resolve(__dirname, '..', 'test', 'server', 'cli.js');
const LISTENING = /listening on (http:\/\/\S+)/;

export async function startSandboxProcess(args: string[]): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [CLI, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) resolveUrl(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}: ${output}`)));
  });
  const control = (method: string, path: string) => fetch(`${url}/__control/${path}`, { method });
  return {
    url,
    apiKey: DEFAULT_API_KEY,
    async reset() {
      await control('POST', 'reset');
    },
    async requestCount() {
      return ((await (await control('GET', 'requests')).json()) as unknown[]).length;
    },
    close: () => child.kill(),
  };
}
