import * as vscode from 'vscode';
import { counted } from '../core/text';
import type { Conversation, ConversationExtras, StartedRecord } from '../core/conversations';
import type { Notifier } from '../ui/notifier';

export type UnsavedDecision = 'save' | 'useTavus' | 'cancel';
export type LeftoverDecision = 'end' | 'keep' | 'cancel';

export interface ReplicaChoice {
  id: string;
  name?: string;
  detail?: string;
}

/** The questions starting and ending conversations ask, and the browser it opens. Integration tests answer through a stand-in. */
export interface ConversationPrompts {
  confirmCost(maxCallDurationSeconds: number): Promise<boolean>;
  unsavedEdits(label: string): Promise<UnsavedDecision>;
  pickReplica(choices: readonly ReplicaChoice[], defaultId: string | undefined): Promise<string | undefined>;
  askExtras(): Promise<ConversationExtras | undefined>;
  offerEndLeftovers(leftovers: readonly StartedRecord[]): Promise<LeftoverDecision>;
  offerEndForLimit(active: readonly Conversation[]): Promise<boolean>;
  pickConversations(active: readonly Conversation[], placeHolder: string, canPickMany: boolean): Promise<Conversation[]>;
  confirmEndAll(count: number, notStartedHere: number): Promise<boolean>;
  openUrl(url: string): Promise<void>;
  announce(message: string, url?: string): void;
}

const START = 'Start';

export class VsCodeConversationPrompts implements ConversationPrompts {
  constructor(private readonly notifier: Notifier) {}

  async confirmCost(maxCallDurationSeconds: number): Promise<boolean> {
    const choice = await this.notifier.ask(
      'warning',
      'A Tavus conversation is billed from the moment it is created until it ends.',
      `It ends when you end it (Conversations view, status bar), when nobody joins or everyone leaves, and after ${maxCallDurationSeconds} s at most ` +
        '(tavus.conversation.maxCallDurationSeconds). Set tavus.conversation.confirmCost to false to stop asking.',
      START,
    );
    return choice === START;
  }

  async unsavedEdits(label: string): Promise<UnsavedDecision> {
    const choice = await this.notifier.ask(
      'warning',
      `"${label}" has unsaved edits. The conversation uses the persona as Tavus has it.`,
      'Save and Start sends your edits first, through the usual preview.',
      'Save and Start',
      "Start with Tavus's Version",
    );
    if (choice === 'Save and Start') return 'save';
    return choice ? 'useTavus' : 'cancel';
  }

  async pickReplica(choices: readonly ReplicaChoice[], defaultId: string | undefined): Promise<string | undefined> {
    const items = choices.map((choice) => ({
      label: choice.name ?? choice.id,
      description: choice.id === defaultId ? `${choice.id} (persona default)` : choice.id,
      detail: choice.detail,
      id: choice.id,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      placeHolder: 'Select the replica for the conversation',
      matchOnDescription: true,
    });
    return picked?.id;
  }

  async askExtras(): Promise<ConversationExtras | undefined> {
    const conversationalContext = await vscode.window.showInputBox({
      title: 'Conversational context (optional)',
      prompt: "Added to the persona's context for this conversation only. Leave empty for none.",
    });
    if (conversationalContext === undefined) return undefined;
    const customGreeting = await vscode.window.showInputBox({
      title: 'Custom greeting (optional)',
      prompt: 'What the replica says once someone joins. Leave empty for the default.',
    });
    if (customGreeting === undefined) return undefined;
    return {
      conversationalContext: conversationalContext.trim() || undefined,
      customGreeting: customGreeting.trim() || undefined,
    };
  }

  async offerEndLeftovers(leftovers: readonly StartedRecord[]): Promise<LeftoverDecision> {
    const choice = await this.notifier.ask(
      'warning',
      `${counted(leftovers.length, 'test conversation')} started from this editor earlier ${leftovers.length === 1 ? 'is' : 'are'} still active, and billed.`,
      leftovers.map((r) => `${r.personaName} (${r.id})`).join('\n'),
      'End Them',
      'Leave Running',
    );
    if (choice === 'End Them') return 'end';
    return choice ? 'keep' : 'cancel';
  }

  async offerEndForLimit(active: readonly Conversation[]): Promise<boolean> {
    const END = 'End Active Conversations…';
    const choice = await this.notifier.error(
      `Could not start a test conversation: Tavus says the account has reached its maximum number of concurrent conversations (${counted(active.length, 'active conversation')}).`,
      END,
    );
    return choice === END;
  }

  async pickConversations(active: readonly Conversation[], placeHolder: string, canPickMany: boolean): Promise<Conversation[]> {
    const items = active.map((conversation) => ({
      label: conversation.conversation_name ?? conversation.conversation_id,
      description: conversation.conversation_id,
      conversation,
    }));
    if (canPickMany) {
      const picked = await vscode.window.showQuickPick(items, { placeHolder, canPickMany: true });
      return (picked ?? []).map((item) => item.conversation);
    }
    const picked = await vscode.window.showQuickPick(items, { placeHolder });
    return picked ? [picked.conversation] : [];
  }

  async confirmEndAll(count: number, notStartedHere: number): Promise<boolean> {
    const END_ALL = 'End All';
    const detail =
      notStartedHere > 0
        ? `${notStartedHere} of them ${notStartedHere === 1 ? 'was' : 'were'} not started from this editor.`
        : 'All of them were started from this editor.';
    const choice = await this.notifier.ask('warning', `End ${counted(count, 'active conversation')}?`, detail, END_ALL);
    return choice === END_ALL;
  }

  async openUrl(url: string): Promise<void> {
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }

  announce(message: string, url?: string): void {
    const COPY = 'Copy URL';
    void this.notifier.info(message, ...(url ? [COPY] : [])).then(async (choice) => {
      if (choice === COPY && url) await vscode.env.clipboard.writeText(url);
    });
  }
}
