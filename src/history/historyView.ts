import * as vscode from 'vscode';
import type { HistoryEntry } from '../core/historyEntry';
import type { PushHistory } from './pushHistory';

export type HistoryNode =
  | { kind: 'filter'; text: string }
  | { kind: 'persona'; personaId: string; personaName: string; entries: HistoryEntry[] }
  | { kind: 'entry'; entry: HistoryEntry };

const SOURCE_WORDS: Record<HistoryEntry['source']['kind'], string> = {
  save: 'save',
  patchFile: 'patch file',
  revert: 'revert',
  fieldSave: 'field save',
  create: 'created',
  duplicate: 'duplicated',
  delete: 'deleted',
  restore: 'restored',
};

const SOURCE_ICONS: Record<HistoryEntry['source']['kind'], string> = {
  save: 'cloud-upload',
  fieldSave: 'cloud-upload',
  patchFile: 'cloud-upload',
  revert: 'discard',
  create: 'add',
  duplicate: 'copy',
  delete: 'trash',
  restore: 'history',
};

/** The Push History view: entries grouped by persona, the persona changed last first, newest entries first. */
export class HistoryTreeProvider implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private filterText = '';

  constructor(private readonly history: PushHistory) {
    this.subscription = history.onDidChange(() => this.changed.fire());
  }

  get filter(): string {
    return this.filterText;
  }

  /** Shows only entries whose persona id or name, or source, contains `text` (case-insensitive). */
  setFilter(text: string): void {
    this.filterText = text.trim();
    this.changed.fire();
  }

  async getChildren(node?: HistoryNode): Promise<HistoryNode[]> {
    if (node?.kind === 'persona') return newestFirst(node.entries).map((entry) => ({ kind: 'entry', entry }));
    if (node) return [];
    const groups = groupByPersona(newestFirst((await this.history.entries()).filter((e) => matches(e, this.filterText))));
    return [...(this.filterText ? [{ kind: 'filter' as const, text: this.filterText }] : []), ...groups];
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    if (node.kind === 'filter') return filterItem(node.text);
    if (node.kind === 'persona') return personaItem(node);
    return entryItem(node.entry);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function newestFirst(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return [...entries].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
}

function matches(entry: HistoryEntry, filter: string): boolean {
  if (filter === '') return true;
  const needle = filter.toLowerCase();
  return [entry.personaId, entry.personaName, entry.source.name].some((text) => text.toLowerCase().includes(needle));
}

function groupByPersona(entries: HistoryEntry[]): HistoryNode[] {
  const groups = new Map<string, Extract<HistoryNode, { kind: 'persona' }>>();
  for (const entry of entries) {
    const group = groups.get(entry.personaId);
    if (group) group.entries.push(entry);
    else {
      groups.set(entry.personaId, {
        kind: 'persona',
        personaId: entry.personaId,
        personaName: entry.personaName,
        entries: [entry],
      });
    }
  }
  return [...groups.values()];
}

function filterItem(text: string): vscode.TreeItem {
  const item = new vscode.TreeItem(`Filter: ${text}`);
  item.iconPath = new vscode.ThemeIcon('filter');
  item.contextValue = 'historyFilter';
  item.command = { command: 'tavus.clearPushHistoryFilter', title: 'Clear Push History Filter' };
  item.tooltip = 'Click to show every entry.';
  return item;
}

function personaItem(node: Extract<HistoryNode, { kind: 'persona' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.personaName, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `history-persona:${node.personaId}`;
  item.description = `${node.personaId} · ${node.entries.length} ${node.entries.length === 1 ? 'change' : 'changes'}`;
  item.iconPath = new vscode.ThemeIcon('account');
  item.contextValue = 'historyPersona';
  return item;
}

/** "2026-01-02 10:15:03" in local time: the history is read by the person who made the changes. */
function localTime(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function entryItem(entry: HistoryEntry): vscode.TreeItem {
  const item = new vscode.TreeItem(localTime(entry.time));
  item.id = `history-entry:${entry.id}`;
  const mode = entry.mode === 'planned' ? '' : ` (${entry.mode})`;
  const result =
    entry.result === 'unchanged'
      ? 'no change (304)'
      : entry.source.kind === 'delete'
        ? 'DELETE'
        : `${entry.ops.length} ${entry.ops.length === 1 ? 'op' : 'ops'}`;
  item.description = `${SOURCE_WORDS[entry.source.kind]}${mode} · ${result}`;
  item.tooltip = [
    `${entry.personaName} (${entry.personaId})`,
    `Source: ${entry.source.name}`,
    `Result: ${entry.result === 'changed' ? '2xx, changed' : '304, Tavus made no changes'}`,
    `updated_at: ${entry.updatedAtBefore ?? '(none)'} → ${entry.updatedAtAfter ?? '(none)'}`,
    '',
    ...entry.ops.slice(0, 20).map((op) => `${op.op} ${op.path}`),
    ...(entry.ops.length > 20 ? [`… and ${entry.ops.length - 20} more`] : []),
  ].join('\n');
  item.iconPath = new vscode.ThemeIcon(SOURCE_ICONS[entry.source.kind]);
  item.contextValue = 'historyEntry';
  item.command = { command: 'tavus.showHistoryEntryChange', title: 'Show Change', arguments: [{ kind: 'entry', entry }] };
  return item;
}
