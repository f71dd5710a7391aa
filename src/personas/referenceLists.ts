import * as vscode from 'vscode';
import type { ReferenceLookup } from '../core/referenceValues';
import type { TavusLog } from '../log/tavusLog';
import type { ReferenceKind, ReferenceListing, TavusApi } from '../tavus/api';
import { REFERENCE_KINDS } from '../tavus/referenceLists';
import { describeError } from '../ui/errors';

/** What a refresh found: how many entries of each list, and which lists failed. */
export interface ReferenceRefresh {
  loaded: Array<[ReferenceKind, number]>;
  failed: ReferenceKind[];
}

/**
 * The account's replicas, documents, objectives, guardrails and tools, fetched on first use and
 * kept for the session. A list that fails stays empty until the next refresh or account change,
 * with one log line: completion and diagnostics run while typing and must never raise a popup.
 */
export class ReferenceLists implements vscode.Disposable {
  private listings = new Map<ReferenceKind, ReferenceListing>();
  private failed = new Set<ReferenceKind>();
  private loading = new Map<ReferenceKind, Promise<void>>();
  /** Bumped by reset(), so a list that arrives for the previous account is dropped. */
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly api: TavusApi,
    private readonly log: TavusLog,
  ) {}

  /** The loaded lists only; never starts a request. */
  readonly peek: ReferenceLookup = (kind) => this.listings.get(kind);

  /** Loads the lists not loaded or failed yet; resolves when each has arrived or failed. */
  async ensure(kinds: readonly ReferenceKind[] = REFERENCE_KINDS): Promise<void> {
    await Promise.all(kinds.map((kind) => this.load(kind)));
  }

  /** Drops every list and loads them all again. */
  async refresh(): Promise<ReferenceRefresh> {
    this.reset();
    await this.ensure();
    return {
      loaded: REFERENCE_KINDS.filter((kind) => this.listings.has(kind)).map((kind) => [
        kind,
        this.listings.get(kind)!.items.length,
      ]),
      failed: REFERENCE_KINDS.filter((kind) => this.failed.has(kind)),
    };
  }

  /** Forgets everything: another account (key or base URL) has other lists. */
  reset(): void {
    this.generation++;
    this.listings = new Map();
    this.failed = new Set();
    this.loading = new Map();
    this.changed.fire();
  }

  dispose(): void {
    this.generation++;
    this.changed.dispose();
  }

  private load(kind: ReferenceKind): Promise<void> {
    if (this.listings.has(kind) || this.failed.has(kind)) return Promise.resolve();
    const pending = this.loading.get(kind);
    if (pending !== undefined) return pending;
    const generation = this.generation;
    const loading = this.api.listReferenceItems(kind).then(
      (listing) => {
        if (generation !== this.generation) return;
        this.listings.set(kind, listing);
        this.loading.delete(kind);
        this.changed.fire();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.failed.add(kind);
        this.loading.delete(kind);
        this.log.error(
          `Could not load the ${kind} list; no suggestions from it until "Tavus: Refresh Reference Lists": ${describeError(error)}`,
        );
      },
    );
    this.loading.set(kind, loading);
    return loading;
  }
}
