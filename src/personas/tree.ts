import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { matchesFilter, SortedPersonas, type PersonaGroups } from '../core/personaGroups';
import { personaId, personaLabel } from '../core/personaRules';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import type { Connections } from '../connections/connections';
import type { CatalogState, PersonaCatalog } from './catalog';
import { setContextKey } from '../ui/contextKeys';
import { describeError } from '../ui/errors';
import { personaTooltip } from './tooltip';
import { personaUri } from './uri';
import { personaSummary } from '../core/personaSummary';
import { sha256 } from '../core/digest';

export type PersonaNode =
  | { kind: 'group'; group: keyof PersonaGroups; personas: Persona[]; total: number }
  | { kind: 'persona'; persona: Persona; stock: boolean }
  | { kind: 'message'; label: string; icon: string; tooltip?: string; command?: vscode.Command; contextValue?: string };

const GROUP_TITLES: Record<keyof PersonaGroups, string> = { mine: 'My Personas', stock: 'Stock Personas' };

export class PersonaTreeProvider implements vscode.TreeDataProvider<PersonaNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PersonaNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly loadingChanged = new vscode.EventEmitter<void>();
  /** Fires when only the loading message changed, not the rows. */
  readonly onDidChangeLoading = this.loadingChanged.event;
  private filterText = '';
  private shown = '';
  /** The catalog replaces a group's array whenever it changes, so the array identifies its sorted copy. */
  private readonly sortedGroups = new WeakMap<readonly Persona[], SortedPersonas>();
  private readonly rowsDigests = new WeakMap<PersonaGroups, string>();
  private readonly subscriptions: vscode.Disposable[];

  /** The view that shows this tree, once registered; reveal() needs it. */
  view: vscode.TreeView<PersonaNode> | undefined;

  /** When the push history last recorded a write to a persona (for its tooltip); set once the history exists. */
  lastChangedHere: (personaId: string) => string | undefined = () => undefined;

  constructor(
    private readonly catalog: PersonaCatalog,
    private readonly keys: ApiKeyStore,
    private readonly connections: Connections,
  ) {
    this.subscriptions = [catalog.onDidChange(() => this.refreshIfChanged())];
  }

  /**
   * The view's message line: "Loading personas… 300 of 1000" while later pages arrive, why listing
   * failed, in full (a row's label is cut to the view's width), and "N of M" when Tavus stopped
   * listing before its own total_count.
   */
  get loadingMessage(): string | undefined {
    const state = this.catalog.current;
    if (state.kind === 'failed' && !this.keys.rejected) return failureMessage(state);
    if (state.kind === 'ready' && state.shortfall) {
      const { listed, total } = state.shortfall;
      return `Tavus listed ${listed} of ${total} personas and then stopped; Refresh to try again.`;
    }
    if (state.kind !== 'loading' || !state.groups) return undefined;
    return `Loading personas… ${state.loaded}${state.total !== undefined ? ` of ${state.total}` : ''}`;
  }

  /**
   * A refresh re-renders every row, so refresh only when what the rows show changed: not when a
   * refresh lists the same personas again, nor while it runs (the catalog keeps the shown rows).
   */
  private refreshIfChanged(): void {
    const next = this.rowsSignature();
    if (next === this.shown) return this.loadingChanged.fire();
    this.shown = next;
    this.changed.fire(undefined);
  }

  private rowsSignature(): string {
    const state = this.catalog.current;
    if (state.kind === 'failed') return `failed:${describeError(state.error)}:${state.previous?.listedAt.getTime()}`;
    if (state.kind === 'idle' || !state.groups) return state.kind;
    const skipped = state.kind === 'ready' ? state.skipped.map((s) => s.reason) : [];
    const shortfall = state.kind === 'ready' ? state.shortfall : undefined;
    // Each page of a first listing adds rows, so it changes them; a digest of every row so far,
    // per page, would cost time quadratic in the account's size.
    const rows =
      state.kind === 'loading' ? (this.rowsDigests.get(state.groups) ?? `page ${state.loaded}`) : this.rowsDigest(state.groups);
    return JSON.stringify([rows, skipped, shortfall]);
  }

  /**
   * A digest, not the rows' text, which would be 2 MB kept for 10,000 personas; once per groups
   * object, which the catalog replaces whenever a row changes.
   */
  private rowsDigest(groups: PersonaGroups): string {
    let digest = this.rowsDigests.get(groups);
    if (digest === undefined) {
      const rows = [...groups.mine, ...groups.stock].map((p) => JSON.stringify(personaSummary(p)));
      digest = sha256([String(groups.mine.length), ...rows]);
      this.rowsDigests.set(groups, digest);
    }
    return digest;
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    void setContextKey('tavus.personaFilterActive', this.filterText !== '');
    this.changed.fire(undefined);
  }

  getTreeItem(node: PersonaNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group':
        return groupItem(node, this.filterText);
      case 'persona':
        return personaItem(node.persona, node.stock, this.connections.active.name);
      case 'message':
        return messageItem(node);
    }
  }

  /**
   * A persona row's tooltip, made when it is hovered: VS Code asks for every row's item on each
   * refresh (at activation, after each save, per filter keystroke) and converts and keeps each
   * Markdown tooltip with its row. A refresh (which a save's new `updated_at` causes) drops the
   * tooltips VS Code resolved, so a hover never shows an old copy's facts.
   */
  resolveTreeItem(item: vscode.TreeItem, node: PersonaNode): vscode.TreeItem {
    if (node.kind === 'persona') {
      item.tooltip = personaTooltip(node.persona, node.stock, this.lastChangedHere(personaId(node.persona) ?? ''));
    }
    return item;
  }

  async getChildren(node?: PersonaNode): Promise<PersonaNode[]> {
    if (node?.kind === 'group') return this.groupChildren(node);
    if (node) return [];
    // No key, or one Tavus refused: an empty tree lets the welcome view with its Set API Key button show.
    if ((await this.keys.source()) === 'none' || this.keys.rejected) return [];
    if (this.catalog.current.kind === 'idle') void this.catalog.refresh();
    return this.rootChildren();
  }

  /** Rows are matched by their ids, so a fresh group node stands for the one shown. */
  getParent(node: PersonaNode): PersonaNode | undefined {
    const groups = this.catalog.groups();
    if (node.kind !== 'persona' || !groups) return undefined;
    return this.groupNode(groups, node.stock ? 'stock' : 'mine');
  }

  /** Selects and shows a persona's row (after a create); a row hidden by the filter stays hidden. */
  async reveal(id: string): Promise<void> {
    const persona = this.catalog.groups()?.mine.find((p) => personaId(p) === id);
    if (!persona || !this.view || !matchesFilter(persona, this.filterText)) return;
    await Promise.resolve(this.view.reveal({ kind: 'persona', persona, stock: false }, { select: true, focus: false })).catch(
      () => undefined,
    );
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.loadingChanged.dispose();
    this.changed.dispose();
  }

  private rootChildren(): PersonaNode[] {
    const state = this.catalog.current;
    if (state.kind === 'failed' && !state.previous) return [listErrorNode(state.error)];
    const shown = state.kind === 'failed' ? state.previous : state.kind === 'idle' ? undefined : state;
    if (!shown?.groups) return [loadingNode('Loading personas…')];
    const nodes: PersonaNode[] = [];
    if (state.kind === 'failed') nodes.push(refreshFailedNode(state.error));
    if (this.filterText) nodes.push(filterNode(this.filterText));
    nodes.push(...(['mine', 'stock'] as const).map((group) => this.groupNode(shown.groups!, group)));
    const skipped = 'skipped' in shown ? shown.skipped : [];
    if (skipped.length > 0) nodes.push(skippedNode(skipped.map((s) => s.reason)));
    return nodes;
  }

  private groupNode(groups: PersonaGroups, group: keyof PersonaGroups): PersonaNode {
    let sorted = this.sortedGroups.get(groups[group]);
    if (!sorted) this.sortedGroups.set(groups[group], (sorted = new SortedPersonas(groups[group])));
    const personas = sorted.matching(this.filterText);
    return { kind: 'group', group, personas, total: groups[group].length };
  }

  private groupChildren(node: Extract<PersonaNode, { kind: 'group' }>): PersonaNode[] {
    if (node.personas.length > 0) {
      return node.personas.map((persona) => ({ kind: 'persona', persona, stock: node.group === 'stock' }));
    }
    const label = this.filterText ? `No personas match "${this.filterText}"` : 'No personas';
    return [{ kind: 'message', label, icon: 'info' }];
  }
}

function groupItem(node: Extract<PersonaNode, { kind: 'group' }>, filter: string): vscode.TreeItem {
  const item = new vscode.TreeItem(GROUP_TITLES[node.group], vscode.TreeItemCollapsibleState.Expanded);
  item.id = `group:${node.group}`;
  item.description = filter ? `${node.personas.length} of ${node.total}` : String(node.total);
  item.contextValue = `group.${node.group}`;
  item.iconPath = new vscode.ThemeIcon(node.group === 'stock' ? 'library' : 'person');
  return item;
}

function personaItem(persona: Persona, stock: boolean, connection: string): vscode.TreeItem {
  const id = personaId(persona) ?? '';
  const item = new vscode.TreeItem(personaLabel(persona), vscode.TreeItemCollapsibleState.None);
  item.id = `persona:${id}`;
  item.description = id;
  item.iconPath = new vscode.ThemeIcon(stock ? 'lock' : 'account');
  item.contextValue = stock ? 'persona.stock' : 'persona.user';
  // Not tavus.openPersona: VS Code keeps an extension command's arguments in a cache that every
  // refresh clears, so a click landing mid-refresh fails with "Actual command not found". The
  // arguments of a built-in API command such as vscode.open travel with the row instead.
  item.command = {
    command: 'vscode.open',
    title: 'Open Persona',
    arguments: [personaUri(id, personaLabel(persona), connection), { preview: true }],
  };
  return item;
}

function messageItem(node: Extract<PersonaNode, { kind: 'message' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(node.icon);
  item.tooltip = node.tooltip;
  item.command = node.command;
  item.contextValue = node.contextValue;
  return item;
}

function loadingNode(label: string): PersonaNode {
  return { kind: 'message', label, icon: 'loading~spin' };
}

function listErrorNode(error: unknown): PersonaNode {
  const reason = describeError(error);
  return {
    kind: 'message',
    label: `Could not load personas: ${reason}`,
    tooltip: `${reason}\n\nClick to retry.`,
    icon: 'error',
    contextValue: 'listError',
    command: { command: 'tavus.refreshPersonas', title: 'Retry' },
  };
}

function refreshFailedNode(error: unknown): PersonaNode {
  return {
    kind: 'message',
    label: `Refresh failed: ${describeError(error)}`,
    tooltip: 'The list below is from the last refresh that worked. Click to retry.',
    icon: 'warning',
    contextValue: 'listError',
    command: { command: 'tavus.refreshPersonas', title: 'Retry' },
  };
}

function filterNode(filter: string): PersonaNode {
  return {
    kind: 'message',
    label: `Filter: ${filter}`,
    tooltip: 'Only personas whose name or id contains this text are shown. Click to change it.',
    icon: 'filter',
    contextValue: 'filter',
    command: { command: 'tavus.filterPersonas', title: 'Change Filter' },
  };
}

function failureMessage(state: Extract<CatalogState, { kind: 'failed' }>): string {
  const reason = describeError(state.error);
  if (!state.previous) return `Could not load personas: ${reason}`;
  const at = state.previous.listedAt;
  const time = [at.getHours(), at.getMinutes()].map((n) => String(n).padStart(2, '0')).join(':');
  return `Showing the list from ${time} — refresh failed: ${reason}`;
}

function skippedNode(reasons: string[]): PersonaNode {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const lines = [...counts].map(([reason, count]) => `${count} × ${reason}`);
  return {
    kind: 'message',
    label: `${reasons.length} list item${reasons.length === 1 ? '' : 's'} from Tavus could not be shown`,
    tooltip: `Tavus's persona list contained:\n${lines.join('\n')}`,
    icon: 'warning',
  };
}

export function registerPersonaTree(context: vscode.ExtensionContext, { tree }: { tree: PersonaTreeProvider }): void {
  // canSelectMany: Delete Persona… acts on every selected row.
  const view = vscode.window.createTreeView('tavus.personas', {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: true,
  });
  tree.view = view;
  // Each assignment goes to the workbench, which lays the view out again even for an equal value.
  const showFilter = () => {
    const description = tree.filter ? `Filter: ${tree.filter}` : undefined;
    if (view.description !== description) view.description = description;
  };
  const showLoading = () => {
    const message = tree.loadingMessage;
    if (view.message !== message) view.message = message;
  };
  context.subscriptions.push(
    view,
    tree.onDidChangeTreeData(showFilter),
    tree.onDidChangeTreeData(showLoading),
    tree.onDidChangeLoading(showLoading),
  );
}
