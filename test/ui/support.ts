import { after, before } from 'node:test';
import { type Page } from 'playwright-core';
import { activityBarItem, openWorkbench, waitForWorkbench, type Workbench } from '../host/browser';
import { type CodeServer, payloadUrl, startCodeServer } from '../host/codeServer';
import { type ExtensionEnvironment, prepareExtensionEnvironment } from '../host/extensionEnvironment';
import { repoRoot } from '../host/paths';
import { type TavusServer } from '../server/tavusServer';

export interface UiSession {
  /** The in-process Tavus sandbox the extension talks to (reset(), injectFault(), requests, …). */
  sandbox: TavusServer;
  /** A ready workbench with the extension loaded from this repository. */
  page: Page;
  /** The folder the workbench has open. */
  workspace: string;
  /** code-server's user data folder (settings, backups of unsaved editors). */
  userDataDir: string;
  close(): Promise<void>;
}

export interface UiSessionOptions {
  /** Extra user settings, merged over the ones pointing the extension at the sandbox. */
  settings?: Record<string, unknown>;
}

/** Starts the sandbox, code-server with the extension under development, and a browser on it. */
export async function startUiSession(options: UiSessionOptions = {}): Promise<UiSession> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const environment = await prepareExtensionEnvironment();
    closers.push(() => environment.dispose());
    const server = await startServerFor(environment, options);
    closers.push(() => server.stop());
    const workbench = await openExtensionWorkbench(server, environment.workspace);
    closers.push(() => workbench.close());
    return {
      sandbox: environment.sandbox,
      page: workbench.page,
      workspace: environment.workspace,
      userDataDir: server.userDataDir,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function startServerFor(environment: ExtensionEnvironment, options: UiSessionOptions): Promise<CodeServer> {
  return startCodeServer({
    workspace: environment.workspace,
    env: environment.env,
    settings: { ...environment.settings, ...options.settings },
  });
}

async function openExtensionWorkbench(server: CodeServer, workspace: string): Promise<Workbench> {
  const workbench = await openWorkbench(payloadUrl(server, { folder: workspace, extensionDevelopmentPath: repoRoot }));
  await waitForWorkbench(workbench.page);
  // The remote extension host registers the extension's contributions a few seconds after the
  // workbench renders; until then its commands are missing from the palette.
  await activityBarItem(workbench.page, 'Tavus').waitFor();
  return workbench;
}

/** One UI session for a test file: started before its tests, closed after them. */
export function useUiSession(options: UiSessionOptions = {}): () => UiSession {
  let session: UiSession | undefined;
  before(async () => {
    session = await startUiSession(options);
  });
  after(async () => {
    await session?.close();
  });
  return () => {
    if (!session) throw new Error('the UI session has not started');
    return session;
  };
}
