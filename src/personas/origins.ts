import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { originRecord, restoreOrigin, type OriginRecord } from '../core/originRecord';
import { isPersonaUri, personaIdFromUri } from './uri';

const RECORD_PREFIX = 'tavus.origin:';

/**
 * The origin of each persona document: the exact server copy its text was made from. Keyed by
 * document, not by persona id: fetching the persona for any other reason (listing, another tab,
 * a patch target, stat) must never move the base a dirty document's save is diffed against.
 * A fingerprint (and the origin with secrets hashed) is kept in workspace storage, so a document
 * restored dirty after a reload still knows what it was made from.
 */
export class DocumentOrigins {
  private readonly origins = new Map<string, Persona>();

  constructor(private readonly storage: vscode.Memento) {}

  get(uri: vscode.Uri): Persona | undefined {
    return this.origins.get(uri.toString());
  }

  set(uri: vscode.Uri, origin: Persona): void {
    this.origins.set(uri.toString(), origin);
    void this.storage.update(RECORD_PREFIX + uri.toString(), originRecord(origin));
  }

  /** The URIs of the documents of one persona that have an origin. */
  documentsOf(id: string): vscode.Uri[] {
    return [...this.origins.keys()]
      .map((key) => vscode.Uri.parse(key))
      .filter((uri) => isPersonaUri(uri) && personaIdFromUri(uri) === id);
  }

  /**
   * The origin of a document restored after a reload, rebuilt from its record against the
   * current server copy and the edited text; undefined when it cannot be established.
   */
  restore(uri: vscode.Uri, current: Persona, edited: Persona): Persona | undefined {
    const record = this.storage.get<OriginRecord>(RECORD_PREFIX + uri.toString());
    const origin = record && restoreOrigin(record, current, edited);
    if (origin) this.origins.set(uri.toString(), origin);
    return origin;
  }

  /** A closed document needs no origin; its record goes too. */
  forget(uri: vscode.Uri): void {
    this.origins.delete(uri.toString());
    void this.storage.update(RECORD_PREFIX + uri.toString(), undefined);
  }

  /** What a window reload does: the map is gone, the records stay. A test seam. */
  dropFromMemory(uri: vscode.Uri): void {
    this.origins.delete(uri.toString());
  }

  /** Everything of one account goes when the account does. */
  clear(): void {
    for (const key of this.origins.keys()) void this.storage.update(RECORD_PREFIX + key, undefined);
    this.origins.clear();
  }
}
