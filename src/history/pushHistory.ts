import * as vscode from 'vscode';
import type { HistoryEntry } from '../core/historyEntry';
import {
  historyFileName,
  parseHistory,
  rotateHistory,
  serializeHistory,
  type HistoryAccount,
  type HistoryLimits,
} from '../core/historyFile';
import type { TavusLog } from '../log/tavusLog';

interface Loaded {
  account: HistoryAccount;
  file: vscode.Uri;
  entries: HistoryEntry[];
}

/**
 * The push history of the current account, in a JSON file of the extension's global storage (so it
 * survives reloads and restarts). Every change is written to a temporary file that is then renamed
 * over the old one, so a crash leaves the old file or the new one, never half of one. Writes go one
 * at a time, in order.
 */
export class PushHistory implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private loaded: Promise<Loaded | undefined> | undefined;
  /** What `loaded` resolved to, for synchronous questions (a tooltip); undefined until read. */
  private current: Loaded | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private written = 0;

  constructor(
    private readonly folder: vscode.Uri,
    private readonly account: () => Promise<HistoryAccount | undefined>,
    private readonly limits: () => HistoryLimits,
    private readonly log: TavusLog,
  ) {}

  /** The current account's entries, oldest first; none without an API key. */
  async entries(): Promise<readonly HistoryEntry[]> {
    return (await this.load())?.entries ?? [];
  }

  /** When the newest entry of a persona was written, if the history has been read and holds one. */
  lastChange(personaId: string): string | undefined {
    let newest: string | undefined;
    for (const entry of this.current?.entries ?? []) {
      if (entry.personaId === personaId && (!newest || entry.time > newest)) newest = entry.time;
    }
    return newest;
  }

  /** Adds an entry, drops the oldest beyond the limits, and writes the file. */
  add(entry: HistoryEntry): Promise<void> {
    return this.change((entries, account) => rotateHistory(account, [...entries, entry], this.limits()));
  }

  clear(): Promise<void> {
    return this.change(() => []);
  }

  /** Resolves once every change asked for so far is on disk. */
  async settled(): Promise<void> {
    await this.queue;
  }

  /** Another key or base URL: the next read loads that account's file. */
  reset(): void {
    this.loaded = undefined;
    this.current = undefined;
    this.changed.fire();
  }

  /** The file of the current account, whether or not it exists yet. */
  async fileUri(): Promise<vscode.Uri | undefined> {
    return (await this.load())?.file;
  }

  dispose(): void {
    this.changed.dispose();
  }

  /**
   * Once the history has been read, the change is made in memory at once (the saved persona's row
   * is drawn again right after the write, and its tooltip names the entry); the file follows in order.
   */
  private change(update: (entries: HistoryEntry[], account: HistoryAccount) => HistoryEntry[]): Promise<void> {
    const ready = this.current;
    if (ready) {
      ready.entries = update(ready.entries, ready.account);
      this.changed.fire();
    }
    const next = this.queue.then(async () => {
      // A change made in memory goes to its own account's file, even if the account changed since.
      const loaded = ready ?? (await this.load());
      if (!loaded) return;
      if (!ready) {
        loaded.entries = update(loaded.entries, loaded.account);
        this.changed.fire();
      }
      await this.write(loaded);
    });
    this.queue = next.catch((error: unknown) => this.log.error(`Could not write the push history: ${String(error)}`));
    return next;
  }

  private load(): Promise<Loaded | undefined> {
    if (!this.loaded) {
      const loading = this.read();
      this.loaded = loading;
      void loading.then(
        (loaded) => {
          if (this.loaded === loading) this.current = loaded;
        },
        () => undefined,
      );
    }
    return this.loaded;
  }

  private async read(): Promise<Loaded | undefined> {
    const account = await this.account();
    if (!account) return undefined;
    const file = vscode.Uri.joinPath(this.folder, historyFileName(account));
    let text = '';
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch (error) {
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) throw error;
    }
    const { entries, skipped } = parseHistory(text);
    if (skipped > 0) this.log.info(`Push history: ${skipped} unreadable line(s) skipped in ${file.fsPath}.`);
    return { account, file, entries };
  }

  private async write({ account, file, entries }: Loaded): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.folder);
    const temporary = vscode.Uri.joinPath(this.folder, `${historyFileName(account)}.${process.pid}.${++this.written}.tmp`);
    await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(serializeHistory(account, entries)));
    await vscode.workspace.fs.rename(temporary, file, { overwrite: true });
  }
}
