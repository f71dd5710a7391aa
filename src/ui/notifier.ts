import * as vscode from 'vscode';

export type NoticeSeverity = 'error' | 'warning' | 'info' | 'status';

export interface Notice {
  severity: NoticeSeverity;
  message: string;
  actions: readonly string[];
}

/**
 * Every message the extension shows goes through here: redacted once (a 422 body may echo a
 * patch with a provider key in it), and observable, so tests can count what a user saw.
 */
export class Notifier implements vscode.Disposable {
  private readonly shown = new vscode.EventEmitter<Notice>();
  /** Fires for every notice shown; a test seam. */
  readonly onDidShow = this.shown.event;

  constructor(private readonly clean: (text: string) => string) {}

  error<T extends string>(message: string, ...actions: T[]): Promise<T | undefined> {
    return this.show('error', message, actions);
  }

  warning<T extends string>(message: string, ...actions: T[]): Promise<T | undefined> {
    return this.show('warning', message, actions);
  }

  info<T extends string>(message: string, ...actions: T[]): Promise<T | undefined> {
    return this.show('info', message, actions);
  }

  /** A modal question (Cancel is VS Code's own button); resolves to the action picked. */
  confirm<T extends string>(message: string, detail: string, ...actions: T[]): Promise<T | undefined> {
    const text = this.clean(message);
    this.shown.fire({ severity: 'warning', message: text, actions });
    return Promise.resolve(vscode.window.showWarningMessage(text, { modal: true, detail: this.clean(detail) }, ...actions));
  }

  /** A non-event (nothing to send, Tavus changed nothing): the status bar, not a toast. */
  status(message: string): void {
    const text = this.clean(message);
    this.shown.fire({ severity: 'status', message: text, actions: [] });
    vscode.window.setStatusBarMessage(`$(info) ${text}`, 5000);
  }

  dispose(): void {
    this.shown.dispose();
  }

  private async show<T extends string>(severity: NoticeSeverity, message: string, actions: T[]): Promise<T | undefined> {
    const text = this.clean(message);
    this.shown.fire({ severity, message: text, actions });
    const show =
      severity === 'error'
        ? vscode.window.showErrorMessage
        : severity === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    return show(text, ...actions);
  }
}
