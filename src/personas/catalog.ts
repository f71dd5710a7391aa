import * as vscode from 'vscode';
import { groupPersonas, type PersonaGroups } from '../core/personaGroups';
import { personaId } from '../core/personaRules';
import type { Persona } from '../core/json';
import type { PersonaListing, SkippedListItem, TavusApi } from '../tavus/api';
import { setContextKey } from '../ui/contextKeys';

/** The view the catalog's progress shows in. */
export const PERSONAS_VIEW = 'tavus.personas';

export type CatalogState =
  | { kind: 'idle' }
  | { kind: 'loading'; groups?: PersonaGroups; loaded: number; total?: number }
  | { kind: 'ready'; groups: PersonaGroups; skipped: SkippedListItem[]; shortfall?: ListingShortfall }
  | { kind: 'failed'; error: unknown; previous?: PreviousListing };

/** The last listing that worked, still shown after a refresh failed. */
export interface PreviousListing {
  groups: PersonaGroups;
  skipped: SkippedListItem[];
  listedAt: Date;
}

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
  private lastGood?: PreviousListing;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly api: TavusApi) {}

  get current(): CatalogState {
    return this.state;
  }

  /** Every persona listed so far, mine first. */
  personas(): Persona[] {
    const groups = this.groups();
    return groups ? [...groups.mine, ...groups.stock] : [];
  }

  /** The groups listed so far, or those of the last listing that worked when a refresh failed. */
  groups(): PersonaGroups | undefined {
    if (this.state.kind === 'failed') return this.state.previous?.groups;
    return 'groups' in this.state ? this.state.groups : undefined;
  }

  /** Whether the persona is Tavus-made; waits for a listing in progress, starts one if none ran. */
  async isStock(id: string): Promise<boolean> {
    if (this.state.kind === 'idle') void this.refresh();
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

  /** Shows a persona just created among the user's own, without listing everything again. */
  add(persona: Persona): void {
    if (this.state.kind !== 'ready') return;
    const { mine, stock } = this.state.groups;
    this.setState({ ...this.state, groups: { mine: [...mine, persona], stock } });
  }

  /** Drops deleted personas from the groups in place. */
  remove(ids: ReadonlySet<string>): void {
    if (this.state.kind !== 'ready') return;
    const keep = (list: Persona[]) => list.filter((p) => !ids.has(personaId(p) ?? ''));
    const { mine, stock } = this.state.groups;
    this.setState({ ...this.state, groups: { mine: keep(mine), stock: keep(stock) } });
  }

  /**
   * Lists again; a listing still running is dropped. Progress shows in the view alone, where the
   * title's Cancel (tavus.cancelLoading) stops it.
   */
  refresh(): Promise<void> {
    this.loading?.controller.abort();
    const controller = new AbortController();
    const done = Promise.resolve(
      vscode.window.withProgress({ location: { viewId: PERSONAS_VIEW } }, () => this.loadShowingProgress(controller)),
    );
    this.loading = { controller, done };
    return done;
  }

  /** Stops the listing in progress; the tree then says it was cancelled, with Retry. */
  cancel(): void {
    this.loading?.controller.abort();
  }

  /** Forget everything, e.g. when the API key is cleared. */
  reset(): void {
    this.loading?.controller.abort();
    this.loading = undefined;
    this.stockIds = new Set();
    this.lastGood = undefined;
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

  private async loadShowingProgress(controller: AbortController): Promise<void> {
    void setContextKey('tavus.personasLoading', true);
    try {
      await this.load(controller);
    } finally {
      if (this.isCurrent(controller) || !this.loading) void setContextKey('tavus.personasLoading', false);
    }
  }

  private async load(controller: AbortController): Promise<void> {
    const signal = controller.signal;
    // A refresh keeps showing the last complete listing until the new one is complete: rows that
    // vanished and came back page by page would make every refresh look like a first listing.
    const kept = this.lastGood?.groups;
    this.setState({ kind: 'loading', groups: kept, loaded: 0 });
    let stock: Persona[] | undefined;
    let latest: PersonaListing | undefined;
    const showProgress = () => {
      if (!this.isCurrent(controller) || !stock || !latest) return;
      this.setState({
        kind: 'loading',
        groups: kept ?? groupPersonas(latest.personas, stock),
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
      const skipped = [...all.skipped, ...stockListing.skipped];
      this.lastGood = { groups, skipped, listedAt: new Date() };
      this.setState({ kind: 'ready', groups, skipped, shortfall: shortfallOf(all) });
    } catch (error) {
      // Cancelled from the view title: the tree says so, with Retry.
      if (this.isCurrent(controller)) this.setState({ kind: 'failed', error, previous: this.lastGood });
    }
  }

  private setState(state: CatalogState): void {
    this.state = state;
    this.changed.fire();
  }
}
