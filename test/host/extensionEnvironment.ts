import * as fs from 'fs';
import { startTavusServer, type TavusServer } from '../server/tavusServer';
import { makeScratchWorkspace } from './paths';

/** A local Tavus sandbox and a fresh workspace, and what the extension needs to use them. */
export interface ExtensionEnvironment {
  sandbox: TavusServer;
  /** Scratch folder holding the workspace; removed by dispose(). */
  scratchDir: string;
  /** Folder the workbench opens; tests may write files into it. */
  workspace: string;
  /** For code-server and so the extension host: TAVUS_API_KEY, and TAVUS_SANDBOX_URL for `/__control/`. */
  env: Record<string, string>;
  /** User settings pointing the extension at the sandbox. */
  settings: Record<string, unknown>;
  dispose(): Promise<void>;
}

export async function prepareExtensionEnvironment(options: { tavusPort?: number } = {}): Promise<ExtensionEnvironment> {
  const { scratchDir, workspace } = makeScratchWorkspace('tavus-workspace');
  const sandbox = await startTavusServer({ port: options.tavusPort });
  return {
    sandbox,
    scratchDir,
    workspace,
    env: { TAVUS_API_KEY: sandbox.apiKey, TAVUS_SANDBOX_URL: sandbox.url },
    settings: { 'tavus.apiBaseUrl': sandbox.url },
    async dispose() {
      await sandbox.close();
      fs.rmSync(scratchDir, { recursive: true, force: true });
    },
  };
}
