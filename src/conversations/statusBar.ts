import * as vscode from 'vscode';
import { formatMinutesLeft, liveCallsText, remainingSeconds } from '../core/conversations';
import type { ConversationTracker } from './tracker';

/** "● 1 live call · 3:12" while a conversation started here is live; a click reveals the Conversations view. */
export class LiveCallsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tavus.liveCalls', vscode.StatusBarAlignment.Left, 0);
  private readonly subscription: vscode.Disposable;
  private timer?: NodeJS.Timeout;
  private minutesShown = '';

  constructor(
    private readonly tracker: ConversationTracker,
    /** Called when the minutes left of a live call change, for the view's rows that show them. */
    private readonly onTick: () => void,
  ) {
    this.item.name = 'Tavus Live Calls';
    this.item.command = 'tavus.conversations.focus';
    this.item.tooltip = 'Test conversations started from this editor that are still running (and billed). Click to show them.';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.subscription = tracker.onDidChange(() => this.update());
    this.update();
  }

  /** The text shown, or undefined while hidden. */
  get text(): string | undefined {
    return this.timer ? this.item.text : undefined;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }

  private update(): void {
    const now = Date.now();
    const remaining = this.tracker.live(now).map((r) => remainingSeconds(r, now));
    const text = liveCallsText(remaining);
    if (text === undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.item.hide();
      return;
    }
    this.item.text = text;
    this.item.show();
    this.timer ??= setInterval(() => this.update(), 1_000);
    // Re-rendering the view only when its text changes: a re-render under an open context menu loses the row it was opened on.
    const minutes = remaining.map(formatMinutesLeft).join();
    if (minutes !== this.minutesShown) {
      this.minutesShown = minutes;
      this.onTick();
    }
  }
}
