import * as vscode from 'vscode';
import { redactText } from '../core/redact';
import type { RequestRecord } from '../tavus/http';
import { describeRequestBody } from '../core/requestLog';

/**
 * The "Tavus" output channel. Every line goes through redaction: the API key and any secret value
 * the extension has seen inside a persona are replaced before VS Code ever gets the text.
 */
export class TavusLog implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Tavus', { log: true });
  private readonly secrets = new Set<string>();

  /** Values that must never reach the log, such as the API key or a persona's provider keys. */
  addSecrets(values: Iterable<string>): void {
    for (const value of values) if (value.length >= 4) this.secrets.add(value);
  }

  request(record: RequestRecord): void {
    const outcome = record.status !== undefined ? String(record.status) : `failed: ${record.error}`;
    const retry = record.attempt > 0 ? ` (retry ${record.attempt})` : '';
    const line = `${record.method} ${record.path}${record.query} → ${outcome} in ${record.durationMs} ms${retry}`;
    const body = record.method === 'PATCH' ? describeRequestBody(record.requestBody) : '';
    if (record.status !== undefined && record.status < 400) this.channel.info(this.clean(line + body));
    else this.channel.warn(this.clean(line + body));
  }

  info(message: string): void {
    this.channel.info(this.clean(message));
  }

  error(message: string): void {
    this.channel.error(this.clean(message));
  }

  clean(text: string): string {
    return redactText(text, [...this.secrets]);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
