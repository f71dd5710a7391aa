import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ensureCodeServer } from './installCodeServer';
import { makeScratchDir, scratchHomeEnv } from './paths';

export interface CodeServerOptions {
  /** Folder the workbench opens. */
  workspace: string;
  /** Extra environment for the server and so for its extension host (e.g. TAVUS_API_KEY). */
  env?: Record<string, string>;
  /** User settings merged over the deterministic defaults (e.g. `tavus.apiBaseUrl`). */
  settings?: Record<string, unknown>;
  /** Defaults to an empty scratch folder. */
  extensionsDir?: string;
  /** Defaults to 0: any free port, read back from the server's log. */
  port?: number;
}

export interface CodeServer {
  /** `http://127.0.0.1:PORT` without a trailing slash. */
  url: string;
  port: number;
  userDataDir: string;
  /** Kills the server with its extension hosts and removes its scratch folders. */
  stop(): Promise<void>;
}

export interface Payload {
  folder: string;
  extensionDevelopmentPath: string;
  extensionTestsPath?: string;
  /** Starts the extension host with its inspector on this port (the benchmark's profiles). */
  inspectExtensionsPort?: number;
}

/** Keeps runs deterministic and quiet: no telemetry, welcome pages, downloads or typing aids. */
const DEFAULT_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'json.schemaDownload.enable': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.autoClosingQuotes': 'never',
  'editor.autoClosingBrackets': 'never',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
};

const LISTENING_LINE = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/;

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const bin = await ensureCodeServer();
  const scratch = makeScratchDir('tavus-code-server');
  const userDataDir = path.join(scratch, 'user-data');
  seedUserSettings(userDataDir, options.settings);
  const extensionsDir = options.extensionsDir ?? path.join(scratch, 'extensions');
  const child = spawn(bin, serverArgs(options, scratch, userDataDir, extensionsDir), {
    env: { ...process.env, ...scratchHomeEnv(path.join(scratch, 'home')), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group, so stop() can take the extension hosts down with the server.
    detached: true,
  });
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.on('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopProcessGroup(child);
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const port = await waitForListeningPort(child);
    const url = `http://127.0.0.1:${port}`;
    await waitForHealthy(child, url);
    return { url, port, userDataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The workbench URL that loads an extension from source, and optionally runs its tests. */
export function payloadUrl(server: CodeServer, payload: Payload): string {
  // The workbench resolves these on the server; the authority must be the page's host:port.
  const remote = (file: string) => `vscode-remote://127.0.0.1:${server.port}${file}`;
  const entries = [['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]];
  if (payload.extensionTestsPath) entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
  if (payload.inspectExtensionsPort) entries.push(['inspect-extensions', String(payload.inspectExtensionsPort)]);
  const query = new URLSearchParams({ folder: payload.folder, payload: JSON.stringify(entries) });
  return `${server.url}/?${query}`;
}

function serverArgs(options: CodeServerOptions, scratch: string, userDataDir: string, extensionsDir: string): string[] {
  return [
    '--bind-addr',
    `127.0.0.1:${options.port ?? 0}`,
    '--auth',
    'none',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--config',
    path.join(scratch, 'config.yaml'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    options.workspace,
  ];
}

/** Writes the user settings of a fresh user-data dir: the deterministic defaults plus `settings`. */
export function seedUserSettings(userDataDir: string, settings: Record<string, unknown> = {}): void {
  const userDir = path.join(userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  const merged = { ...DEFAULT_SETTINGS, ...settings };
  fs.writeFileSync(path.join(userDir, 'settings.json'), `${JSON.stringify(merged, null, 2)}\n`);
}

/** Resolves with the port from the server's "listening" log line; rejects if it exits first. */
function waitForListeningPort(child: ChildProcess): Promise<number> {
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING_LINE.exec(output);
      if (!match) return;
      // Keep draining the pipes so the server never blocks on a full one.
      child.stdout!.off('data', onData).resume();
      child.stderr!.off('data', onData).resume();
      resolve(Number(match[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`code-server exited with ${code} before listening:\n${output}`)));
  });
}

async function waitForHealthy(child: ChildProcess, url: string): Promise<void> {
  while (child.exitCode === null) {
    const response = await fetch(`${url}/healthz`).catch(() => undefined);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server exited with ${child.exitCode} before it was healthy`);
}

/** SIGTERM to the whole group, SIGKILL if anything is still there after five seconds. */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, 'SIGKILL');
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  killGroup(child, 'SIGKILL');
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is already gone.
  }
}
