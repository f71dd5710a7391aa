import type * as vscode from 'vscode';

const KEY = 'tavus.personaFileBases';

/**
 * The fingerprint of Tavus's copy (as a file would hold it) at the last pull or push of each file,
 * per connection: what tells "changed here" from "changed on Tavus". A fingerprint only, so
 * workspace storage never holds persona content.
 */
export class PersonaFileBases {
  constructor(private readonly memento: vscode.Memento) {}

  get(file: vscode.Uri, connection: string): string | undefined {
    return this.all()[entryKey(file, connection)];
  }

  async set(file: vscode.Uri, connection: string, fingerprint: string): Promise<void> {
    await this.memento.update(KEY, { ...this.all(), [entryKey(file, connection)]: fingerprint });
  }

  private all(): Record<string, string> {
    return this.memento.get<Record<string, string>>(KEY) ?? {};
  }
}

function entryKey(file: vscode.Uri, connection: string): string {
  return `${connection} ${file.toString()}`;
}
