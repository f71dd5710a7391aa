import { redactText } from '../core/redact';

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * Everything the CLI prints goes through here and is redacted first: the API key, every secret
 * value read from Tavus or from the environment, and credential-shaped text (`"api_key": "…"`).
 */
export class CliOutput {
  private readonly secrets = new Set<string>();
  private progressShown = false;

  constructor(
    private readonly streams: Streams,
    readonly json: boolean,
  ) {}

  addSecrets(values: Iterable<string>): void {
    for (const value of values) if (value.length >= 4) this.secrets.add(value);
  }

  clean(text: string): string {
    return redactText(text, [...this.secrets]);
  }

  /** Human output; nothing in --json mode, where stdout is one JSON value. */
  line(text: string): void {
    if (!this.json) this.streams.stdout.write(`${this.clean(text)}\n`);
  }

  result(value: unknown): void {
    if (this.json) this.streams.stdout.write(`${this.clean(JSON.stringify(value, null, 2))}\n`);
  }

  /**
   * Text that is safe by construction and must reach stdout exactly (a persona file, whose
   * `"api_key": "${env:…}"` members redaction would spoil): only the known secret values are scrubbed.
   */
  verbatim(text: string): void {
    this.streams.stdout.write([...this.secrets].reduce((scrubbed, secret) => scrubbed.split(secret).join('[redacted]'), text));
  }

  /** Errors, warnings and questions go to stderr in either mode. */
  note(text: string): void {
    this.endProgress();
    this.streams.stderr.write(`${this.clean(text)}\n`);
  }

  /** One line of progress on stderr, rewritten in place on a terminal. */
  progress(text: string): void {
    if (this.streams.stderr.isTTY) {
      this.streams.stderr.write(`\r\x1b[K${this.clean(text)}`);
      this.progressShown = true;
    } else {
      this.streams.stderr.write(`${this.clean(text)}\n`);
    }
  }

  endProgress(): void {
    if (!this.progressShown) return;
    this.streams.stderr.write('\n');
    this.progressShown = false;
  }
}
