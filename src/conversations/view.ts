import * as vscode from 'vscode';
import { formatAge, formatClock, formatMinutesLeft, isActive, remainingSeconds } from '../core/conversations';
import type { PersonaCatalog } from '../personas/catalog';
import { personaId, personaLabel } from '../core/personaRules';
import { describeError } from '../ui/errors';
import type { ConversationRow, ConversationTracker } from './tracker';

export type ConversationNode = { kind: 'conversation'; row: ConversationRow } | { kind: 'error'; message: string };

/** The Conversations view: conversations started here (live and ended this session) and the account's other active ones. */
export class ConversationTreeProvider implements vscode.TreeDataProvider<ConversationNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly tracker: ConversationTracker,
    private readonly catalog: PersonaCatalog,
  ) {
    this.subscription = tracker.onDidChange(() => this.changed.fire());
  }

  getTreeItem(node: ConversationNode): vscode.TreeItem {
    return node.kind === 'error' ? errorItem(node.message) : this.conversationItem(node.row, Date.now());
  }

  getChildren(node?: ConversationNode): ConversationNode[] {
    if (node) return [];
    if (this.tracker.state.kind === 'idle') void this.tracker.refresh().catch(() => undefined);
    const rows: ConversationNode[] = this.tracker.rows().map((row) => ({ kind: 'conversation', row }));
    const state = this.tracker.state;
    return state.kind === 'failed' ? [{ kind: 'error', message: describeError(state.error) }, ...rows] : rows;
  }

  /** Re-renders the rows, whose age and remaining minutes move with the clock. */
  redraw(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private conversationItem({ conversation, record }: ConversationRow, nowMs: number): vscode.TreeItem {
    const persona = record?.personaName ?? this.personaName(conversation.persona_id);
    const item = new vscode.TreeItem(persona ?? conversation.conversation_name ?? conversation.conversation_id);
    const active = isActive(conversation);
    const createdMs = record?.createdAtMs ?? Date.parse(conversation.created_at ?? '');
    const parts = [conversation.status ?? 'unknown status'];
    if (!Number.isNaN(createdMs)) parts.push(formatAge(nowMs - createdMs));
    if (active && record) parts.push(formatMinutesLeft(remainingSeconds(record, nowMs)));
    if (!record) parts.push('not started here');
    item.id = `conversation:${conversation.conversation_id}`;
    item.description = parts.join(' · ');
    item.tooltip = [
      conversation.conversation_name ?? conversation.conversation_id,
      `ID: ${conversation.conversation_id}`,
      `Status: ${conversation.status ?? 'unknown'}`,
      `Persona: ${persona ?? conversation.persona_id ?? 'unknown'}`,
      conversation.conversation_url ? `URL: ${conversation.conversation_url}` : undefined,
      record
        ? `Started from this editor; ends after ${formatClock(record.maxCallDurationSeconds)} at most.`
        : 'Not started from this editor.',
    ]
      .filter((line) => line !== undefined)
      .join('\n');
    item.iconPath = new vscode.ThemeIcon(
      active ? 'circle-filled' : 'circle-outline',
      active ? new vscode.ThemeColor('charts.green') : undefined,
    );
    item.contextValue = `conversation.${active ? 'active' : 'ended'}${conversation.conversation_url ? '.url' : ''}`;
    return item;
  }

  private personaName(id: string | undefined): string | undefined {
    const persona = id === undefined ? undefined : this.catalog.personas().find((p) => personaId(p) === id);
    return persona && personaLabel(persona);
  }
}

function errorItem(message: string): vscode.TreeItem {
  const item = new vscode.TreeItem(`Could not list conversations: ${message}`);
  item.iconPath = new vscode.ThemeIcon('error');
  item.tooltip = `${message}\n\nClick to retry.`;
  item.command = { command: 'tavus.refreshConversations', title: 'Retry' };
  return item;
}
