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

  async set(key: string): Promise<void> {
    await this.secrets.store(SECRET_KEY, key);
    await this.keyChanged();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    await this.keyChanged();
  }

  /** Drives the welcome view's `when` clause. */
  async updateContext(): Promise<void> {
    await setContextKey('tavus.hasApiKey', (await this.source()) !== 'none');
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async keyChanged(): Promise<void> {
    await this.updateContext();
    this.changed.fire();
  }
}
