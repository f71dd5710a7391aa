import * as vscode from 'vscode';
import type { Connections } from '../connections/connections';
import { connectionEnvironmentName, connectionSecretName } from '../core/connections';
import { setContextKey } from '../ui/contextKeys';

export type ApiKeySource = 'secretStorage' | 'environment' | 'none';

/**
 * The active connection's key. It lives only in SecretStorage, with an environment variable
 * (TAVUS_API_KEY for "default") as a fallback for CI and demos. It is never written to settings
 * and never logged.
 */
export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private rejectedByTavus = false;

  constructor(
    secrets: vscode.SecretStorage,
    private readonly connections: Connections,
  ) {
    this.subscriptions = [
      // Another window of the same profile may set or clear the key.
      secrets.onDidChange((event) => {
        if (event.key === connectionSecretName(this.connections.active.name)) void this.keyChanged();
      }),
      // The account changes with the connection (which resets it all); only what Tavus said of the old key goes.
      connections.onDidSwitch(() => {
        this.rejectedByTavus = false;
        void this.updateContext();
      }),
    ];
  }

  get(): Promise<string | undefined> {
    return this.connections.key(this.connections.active.name);
  }

  async source(): Promise<ApiKeySource> {
    const { name } = this.connections.active;
    if (await this.connections.storedKey(name)) return 'secretStorage';
    return process.env[connectionEnvironmentName(name)]?.trim() ? 'environment' : 'none';
  }

  /** Whether Tavus answered 401/403 to the current key: retrying cannot help, a new key can. */
  get rejected(): boolean {
    return this.rejectedByTavus;
  }

  /** Every answer from Tavus says whether it accepted the key. */
  noteAnswer(status: number): void {
    const rejected = status === 401 || status === 403;
    if (rejected === this.rejectedByTavus || (!rejected && status >= 400)) return;
    this.rejectedByTavus = rejected;
    void this.updateContext();
  }

  /** Storing the key already stored is no change: nothing of the account is dropped. */
  /** Stores the key of the connection it was checked against, which may have stopped being the active one meanwhile. */
  async set(key: string, name = this.connections.active.name): Promise<void> {
    if ((await this.connections.storedKey(name)) === key) return;
    await this.connections.storeKey(name, key);
    if (name === this.connections.active.name) await this.keyChanged();
  }

  async clear(): Promise<void> {
    await this.connections.deleteKey(this.connections.active.name);
    await this.keyChanged();
  }

  /** Drives the welcome views and the view title actions. */
  async updateContext(): Promise<void> {
    const state = (await this.source()) === 'none' ? 'none' : this.rejectedByTavus ? 'rejected' : 'set';
    await setContextKey('tavus.apiKey', state);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }

  private async keyChanged(): Promise<void> {
    this.rejectedByTavus = false;
    await this.updateContext();
    this.changed.fire();
  }
}
