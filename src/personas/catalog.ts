import * as vscode from 'vscode';
import { groupPersonas, type PersonaGroups } from '../core/personaGroups';
import { personaId } from '../core/personaRules';
import type { Persona } from '../core/json';
import type { PersonaListing, SkippedListItem, TavusApi } from '../tavus/api';

export type CatalogState =
  | { kind: 'idle' }
  | { kind: 'loading'; groups?: PersonaGroups; loaded: number; total?: number }
  | { kind: 'ready'; groups: PersonaGroups; skipped: SkippedListItem[] }
  | { kind: 'failed'; error: unknown };

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

  refresh(): Promise<void> {
    this.loading?.controller.abort();
    const controller = new AbortController();
    const done = this.load(controller.signal);
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

  private async load(signal: AbortSignal): Promise<void> {
    this.setState({ kind: 'loading', loaded: 0 });
    let stock: Persona[] | undefined;
    let latest: PersonaListing | undefined;
    const showProgress = () => {
      if (signal.aborted || !stock || !latest) return;
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
      if (signal.aborted) return;
      const groups = groupPersonas(all.personas, stockListing.personas);
      this.stockIds = new Set(groups.stock.map(personaId).filter((id): id is string => id !== undefined));
      this.setState({ kind: 'ready', groups, skipped: [...all.skipped, ...stockListing.skipped] });
    } catch (error) {
      if (!signal.aborted) this.setState({ kind: 'failed', error });
    }
  }

  private setState(state: CatalogState): void {
    this.state = state;
    this.changed.fire();
  }
}
