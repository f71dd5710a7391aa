import * as fs from 'fs';
import type { Page } from 'playwright-core';
import { activityBarItem, openWorkbench, waitForWorkbench, type OpenWorkbenchOptions } from '../../test/host/browser';
import { payloadUrl, startCodeServer } from '../../test/host/codeServer';
import { makeScratchWorkspace, repoRoot } from '../../test/host/paths';
import { startTavusServer, type TavusServer, type TavusServerOptions } from '../../test/server/tavusServer';

export interface BenchSession {
  sandbox: TavusServer;
  page: Page;
  workspace: string;
  close(): Promise<void>;
}

export interface BenchSessionOptions {
  sandbox: TavusServerOptions;
  /** Files written into the workspace before the workbench opens, by name. */
  files?: Record<string, string>;
  /** Extra environment for code-server and so the extension host. */
  env?: Record<string, string>;
  /** Runs this module in the extension host (`extensionTestsPath`), as the integration tier does. */
  extensionTestsPath?: string;
  /** Starts the extension host with its inspector on this port. */
  inspectExtensionsPort?: number;
  beforeNavigate?: OpenWorkbenchOptions['beforeNavigate'];
}

/**
 * The UI-test session of test/ui/support.ts, with the sandbox built from `options.sandbox`
 * (latency, a large account) instead of the fixtures, and auto-save off so that only the
 * measured Ctrl+S saves.
 */
export async function startBenchSession(options: BenchSessionOptions): Promise<BenchSession> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const { scratchDir, workspace } = makeScratchWorkspace('tavus-bench-ui');
    closers.push(async () => fs.rmSync(scratchDir, { recursive: true, force: true }));
    for (const [name, text] of Object.entries(options.files ?? {})) fs.writeFileSync(`${workspace}/${name}`, text);
    const sandbox = await startTavusServer(options.sandbox);
    closers.push(() => sandbox.close());
    const server = await startCodeServer({
      workspace,
      env: { TAVUS_API_KEY: sandbox.apiKey, TAVUS_SANDBOX_URL: sandbox.url, ...options.env },
      settings: { 'tavus.apiBaseUrl': sandbox.url, 'files.autoSave': 'off' },
    });
    closers.push(() => server.stop());
    const url = payloadUrl(server, {
      folder: workspace,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: options.extensionTestsPath,
      inspectExtensionsPort: options.inspectExtensionsPort,
    });
    const workbench = await openWorkbench(url, { beforeNavigate: options.beforeNavigate });
    closers.push(() => workbench.close());
    await waitForWorkbench(workbench.page);
    if (!options.extensionTestsPath) await activityBarItem(workbench.page, 'Tavus').waitFor();
    return { sandbox, page: workbench.page, workspace, close };
  } catch (error) {
    await close();
    throw error;
  }
}
