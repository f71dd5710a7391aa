import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { WebSocket } from 'undici';

/** A CPU profile being taken; `stop` ends it and writes it as a .cpuprofile (Chrome DevTools opens it). */
export interface RunningProfile {
  stop(file: string): Promise<void>;
}

/** The Chrome DevTools protocol over the extension host's inspector socket (`--inspect` of `inspect-extensions`). */
class InspectorSocket {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.waiting.get(message.id)?.(message.result);
    });
  }

  static async connect(port: number): Promise<InspectorSocket> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve);
      socket.addEventListener('error', reject);
    });
    return new InspectorSocket(socket);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }

  close(): void {
    this.socket.close();
  }
}

async function startProfiler(send: (method: string, params?: Record<string, unknown>) => Promise<unknown>): Promise<void> {
  await send('Profiler.enable');
  // 100 µs, the DevTools default; the default of the protocol (1 ms) misses short handlers.
  await send('Profiler.setSamplingInterval', { interval: 100 });
  await send('Profiler.start');
}

function writeProfile(file: string, result: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify((result as { profile: unknown }).profile));
}

/** Profiles the extension host started with `inspect-extensions` = `port`. */
export async function profileExtensionHost(port: number): Promise<RunningProfile> {
  const inspector = await InspectorSocket.connect(port);
  await startProfiler((method, params) => inspector.send(method, params));
  return {
    async stop(file) {
      writeProfile(file, await inspector.send('Profiler.stop'));
      inspector.close();
    },
  };
}

/** Profiles the workbench page's main thread (the renderer). */
export async function profileRenderer(page: Page): Promise<RunningProfile> {
  const session: CDPSession = await page.context().newCDPSession(page);
  await startProfiler((method, params) => session.send(method as 'Profiler.start', params));
  return {
    async stop(file) {
      writeProfile(file, await session.send('Profiler.stop'));
      await session.detach();
    },
  };
}
