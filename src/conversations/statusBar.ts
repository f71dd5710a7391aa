import * as vscode from 'vscode';
import { liveCallsText, remainingSeconds } from '../core/conversations';
import type { ConversationTracker } from './tracker';

const TICKS_PER_VIEW_REDRAW = 15;

/** "● 1 live call · 3:12" while a conversation started here is live; a click reveals the Conversations view. */
export class LiveCallsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tavus.liveCalls', vscode.StatusBarAlignment.Left, 0);
  private readonly subscription: vscode.Disposable;
  private timer?: NodeJS.Timeout;
  private ticks = 0;

  constructor(
    private readonly tracker: ConversationTracker,
    /** Called every few seconds while calls are live, for views that show the time left in minutes. */
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
    const text = liveCallsText(this.tracker.live(now).map((r) => remainingSeconds(r, now)));
    if (text === undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.item.hide();
      return;
    }
    this.item.text = text;
    this.item.show();
    this.timer ??= setInterval(() => {
      this.update();
      if (++this.ticks % TICKS_PER_VIEW_REDRAW === 0) this.onTick();
    }, 1_000);
  }
}
