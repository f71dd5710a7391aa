import type * as vscode from 'vscode';
import { unexpiredRecords, type StartedRecord } from '../core/conversations';

const STATE_KEY = 'tavus.conversations.startedHere';

type SavedRecords = Record<string, StartedRecord[]>;

/**
 * The conversations this editor started, per account (API base URL), in globalState so that
 * ending them on exit and spotting leftovers work across reloads. Holds ids and timings only,
 * never the API key.
 */
export class StartedHereRecords {
  constructor(
    private readonly state: vscode.Memento,
    private readonly account: () => string,
  ) {}

  all(nowMs = Date.now()): StartedRecord[] {
    return unexpiredRecords(this.saved()[this.account()] ?? [], nowMs);
  }

  has(id: string): boolean {
    return this.all().some((r) => r.id === id);
  }

  async add(record: StartedRecord): Promise<void> {
    await this.write([...this.all().filter((r) => r.id !== record.id), record]);
  }

  async remove(ids: Iterable<string>): Promise<void> {
    const gone = new Set(ids);
    const kept = this.all().filter((r) => !gone.has(r.id));
    if (kept.length !== this.all().length) await this.write(kept);
  }

  private saved(): SavedRecords {
    return this.state.get<SavedRecords>(STATE_KEY, {});
  }

  private async write(records: StartedRecord[]): Promise<void> {
    const saved = { ...this.saved() };
    if (records.length > 0) saved[this.account()] = records;
    else delete saved[this.account()];
    await this.state.update(STATE_KEY, saved);
  }
}
