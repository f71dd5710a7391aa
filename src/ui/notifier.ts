import * as vscode from 'vscode';

export type NoticeSeverity = 'error' | 'warning' | 'info' | 'status';
export type AskSeverity = Exclude<NoticeSeverity, 'status'>;

export interface Notice {
  severity: NoticeSeverity;
  message: string;
  actions: readonly string[];
  /** The second paragraph of a modal question. */
  detail?: string;
  modal?: boolean;
}

/**
 * Every message the extension shows goes through here: redacted once (a 422 body may echo a
 * patch with a provider key in it), and observable, so tests can count what a user saw. The lint
 * rule against `window.show*Message` outside this file keeps it the only way out.
 */
export class Notifier implements vscode.Disposable {
  private readonly shown = new vscode.EventEmitter<Notice>();
  /** Fires for every notice shown; a test seam. */
  readonly onDidShow = this.shown.event;

  constructor(private readonly clean: (text: string) => string) {}

  error<T extends string>(message: string, ...actions: T[]): Promise<T | undefined> {
    return this.show({ severity: 'error', message, actions });
  }

  warning<T extends string>(message: string, ...actions: T[]): Promise<T | undefined> {
    return this.show({ severity: 'warning', message, actions });
  }

  info<T extends string>(message: string, ...actions: T[]): Promise<T | undefined> {
    return this.show({ severity: 'info', message, actions });
  }

  /** A modal question; VS Code adds Cancel, which (like Escape) answers undefined. */
  ask<T extends string>(severity: AskSeverity, message: string, detail: string, ...actions: T[]): Promise<T | undefined> {
    return this.show({ severity, message, actions, detail, modal: true });
  }

  /** A non-event (nothing to send, Tavus changed nothing, a copy made): the status bar, not a toast. */
  status(message: string): void {
    const text = this.clean(message);
    this.shown.fire({ severity: 'status', message: text, actions: [] });
    vscode.window.setStatusBarMessage(`$(info) ${text}`, 5000);
  }

  dispose(): void {
    this.shown.dispose();
  }

  private async show<T extends string>(notice: Notice & { severity: AskSeverity; actions: T[] }): Promise<T | undefined> {
    const message = this.clean(notice.message);
    const detail = notice.detail === undefined ? undefined : this.clean(notice.detail);
    this.shown.fire({ ...notice, message, detail });
    const show =
      notice.severity === 'error'
        ? vscode.window.showErrorMessage
        : notice.severity === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    return notice.modal ? show(message, { modal: true, detail }, ...notice.actions) : show(message, ...notice.actions);
  }
}
