import * as vscode from 'vscode';
import { setContextKey } from '../ui/contextKeys';

const SECRET_KEY = 'tavus.apiKey';
const ENV_KEY = 'TAVUS_API_KEY';

export type ApiKeySource = 'secretStorage' | 'environment' | 'none';

/**
 * The key lives only in SecretStorage, with TAVUS_API_KEY as a fallback for CI and demos.
 * It is never written to settings and never logged.
 */
export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private rejectedByTavus = false;

  constructor(private readonly secrets: vscode.SecretStorage) {
    // Another window of the same profile may set or clear the key.
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === SECRET_KEY) void this.keyChanged();
    });
  }

  async get(): Promise<string | undefined> {
    return (await this.secrets.get(SECRET_KEY)) || process.env[ENV_KEY]?.trim() || undefined;
  }

  async source(): Promise<ApiKeySource> {
    if (await this.secrets.get(SECRET_KEY)) return 'secretStorage';
    return process.env[ENV_KEY]?.trim() ? 'environment' : 'none';
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
  async set(key: string): Promise<void> {
    if ((await this.secrets.get(SECRET_KEY)) === key) return;
    await this.secrets.store(SECRET_KEY, key);
    await this.keyChanged();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    await this.keyChanged();
  }

  /** Drives the welcome views and the view title actions. */
  async updateContext(): Promise<void> {
    const state = (await this.source()) === 'none' ? 'none' : this.rejectedByTavus ? 'rejected' : 'set';
    await setContextKey('tavus.apiKey', state);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async keyChanged(): Promise<void> {
    this.rejectedByTavus = false;
    await this.updateContext();
    this.changed.fire();
  }
}
