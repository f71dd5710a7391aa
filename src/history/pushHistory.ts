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
import type { TavusLog } from '../log';

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
    this.changed.fire();
  }

  /** The file of the current account, whether or not it exists yet. */
  async fileUri(): Promise<vscode.Uri | undefined> {
    return (await this.load())?.file;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private change(update: (entries: HistoryEntry[], account: HistoryAccount) => HistoryEntry[]): Promise<void> {
    const next = this.queue.then(async () => {
      const loaded = await this.load();
      if (!loaded) return;
      loaded.entries = update(loaded.entries, loaded.account);
      await this.write(loaded);
      this.changed.fire();
    });
    this.queue = next.catch((error: unknown) => this.log.error(`Could not write the push history: ${String(error)}`));
    return next;
  }

  private load(): Promise<Loaded | undefined> {
    this.loaded ??= this.read();
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
