import * as vscode from 'vscode';
import { groupPersonas, type PersonaGroups } from '../core/personaGroups';
import { personaId } from '../core/personaRules';
import type { Persona } from '../core/json';
import type { PersonaListing, SkippedListItem, TavusApi } from '../tavus/api';
import { withSlowProgress } from '../ui/slowProgress';

export type CatalogState =
  | { kind: 'idle' }
  | { kind: 'loading'; groups?: PersonaGroups; loaded: number; total?: number }
  | { kind: 'ready'; groups: PersonaGroups; skipped: SkippedListItem[]; shortfall?: ListingShortfall }
  | { kind: 'failed'; error: unknown };

/** A listing that ended before `total_count` items came: the tree says "N of M". */
export interface ListingShortfall {
  listed: number;
  total: number;
}

function shortfallOf(listing: PersonaListing): ListingShortfall | undefined {
  const listed = listing.personas.length + listing.skipped.length;
  return listing.totalCount !== undefined && listed < listing.totalCount ? { listed, total: listing.totalCount } : undefined;
}

/**
 * The account's personas as the tree shows them. Listing all personas and listing the stock
 * ones run side by side; groups appear as soon as the stock list and the first page are in.
 */
export class PersonaCatalog implements vscode.Disposable {
  private state: CatalogState = { kind: 'idle' };
  private loading?: { controller: AbortController; done: Promise<void> };
  private stockIds = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly api: TavusApi) {}

  get current(): CatalogState {
    return this.state;
  }

  /** Every persona listed so far, mine first. */
  personas(): Persona[] {
    const groups = 'groups' in this.state ? this.state.groups : undefined;
    return groups ? [...groups.mine, ...groups.stock] : [];
  }

  /** Whether the persona is Tavus-made; waits for a listing in progress, starts one if none ran. */
  async isStock(id: string): Promise<boolean> {
    if (this.state.kind === 'idle') this.refresh();
    await this.loading?.done;
    return this.stockIds.has(id);
  }

  /** Shows a persona's new server copy (after a save) without listing everything again. */
  update(persona: Persona): void {
    if (this.state.kind !== 'ready') return;
    const id = personaId(persona);
    const replace = (list: Persona[]) => list.map((p) => (personaId(p) === id ? persona : p));
    const { mine, stock } = this.state.groups;
    this.setState({ ...this.state, groups: { mine: replace(mine), stock: replace(stock) } });
  }

  /** Lists again; a listing still running is dropped. A slow one can be cancelled from its notification. */
  refresh(): Promise<void> {
    this.loading?.controller.abort();
    const controller = new AbortController();
    const done = withSlowProgress('Loading Tavus personas…', (cancelled) => {
      cancelled.addEventListener('abort', () => controller.abort());
      return this.load(controller);
    });
    this.loading = { controller, done };
    return done;
  }

  /** Forget everything, e.g. when the API key is cleared. */
  reset(): void {
    this.loading?.controller.abort();
    this.loading = undefined;
    this.stockIds = new Set();
    this.setState({ kind: 'idle' });
  }

  dispose(): void {
    this.loading?.controller.abort();
    this.changed.dispose();
  }

  /** Whether this listing is still the one the tree shows: a refresh or reset drops older ones. */
  private isCurrent(controller: AbortController): boolean {
    return this.loading?.controller === controller;
  }

  private async load(controller: AbortController): Promise<void> {
    const signal = controller.signal;
    this.setState({ kind: 'loading', loaded: 0 });
    let stock: Persona[] | undefined;
    let latest: PersonaListing | undefined;
    const showProgress = () => {
      if (!this.isCurrent(controller) || !stock || !latest) return;
      this.setState({
        kind: 'loading',
        groups: groupPersonas(latest.personas, stock),
        loaded: latest.personas.length,
        total: latest.totalCount,
      });
    };
    try {
      const [all, stockListing] = await Promise.all([
        this.api.listPersonas({ signal, onProgress: (listing) => ((latest = listing), showProgress()) }),
        this.api.listPersonas({ personaType: 'system', signal }).then((listing) => {
          stock = listing.personas;
          showProgress();
          return listing;
        }),
      ]);
      if (!this.isCurrent(controller)) return;
      const groups = groupPersonas(all.personas, stockListing.personas);
      this.stockIds = new Set(groups.stock.map(personaId).filter((id): id is string => id !== undefined));
      this.setState({ kind: 'ready', groups, skipped: [...all.skipped, ...stockListing.skipped], shortfall: shortfallOf(all) });
    } catch (error) {
      // Cancelled from the notification: the tree says so, with Retry.
      if (this.isCurrent(controller)) this.setState({ kind: 'failed', error });
    }
  }

  private setState(state: CatalogState): void {
    this.state = state;
    this.changed.fire();
  }
}
