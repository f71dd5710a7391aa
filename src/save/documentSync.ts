import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { formatPersona } from '../core/personaDocument';
import type { PersonaStore } from '../personas/store';
import { isPersonaUri, personaIdFromUri } from '../personas/uri';
import { replaceAllText } from './replaceText';

/**
 * Puts the server copy into a persona document and leaves it clean.
 * Firing a file-change event is not enough: after a save VS Code already holds the stat of the
 * new server copy, sees the same etag, and keeps the user's text. So the text is replaced with an
 * edit and saved; that save carries exactly the base and is let through without a request.
 */
export class PersonaDocumentSync implements vscode.Disposable {
  private readonly syncing = new Set<string>();
  private readonly queue = new Map<string, Promise<boolean>>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: PersonaStore) {
    this.subscription = vscode.workspace.onDidSaveTextDocument((document) => void this.syncIfStale(document));
  }

  isSyncing(uri: vscode.Uri): boolean {
    return this.syncing.has(uri.toString());
  }

  /**
   * One at a time per document: two whole-text replacements in flight (a revert right after a
   * save) would each be applied as minimal edits against a text the other already changed.
   */
  syncToServerCopy(document: vscode.TextDocument): Promise<boolean> {
    const key = document.uri.toString();
    const previous = this.queue.get(key) ?? Promise.resolve(true);
    const next = previous.catch(() => false).then(() => this.replaceWithBase(document));
    this.queue.set(key, next);
    void next.finally(() => this.queue.get(key) === next && this.queue.delete(key)).catch(() => undefined);
    return next;
  }

  private async replaceWithBase(document: vscode.TextDocument): Promise<boolean> {
    const base = this.store.get(personaIdFromUri(document.uri));
    if (!base) return false;
    const text = formatPersona(base);
    if (document.getText() === text && !document.isDirty) return true;
    const key = document.uri.toString();
    this.syncing.add(key);
    try {
      return (await replaceAllText(document, text)) && (await document.save());
    } finally {
      this.syncing.delete(key);
    }
  }

  /**
   * A newer server copy arrived from elsewhere (a patch file was applied). Clean documents show
   * it; a dirty one keeps its base, so its next save sees the change and reports a conflict.
   */
  async adoptServerCopy(id: string, persona: Persona): Promise<void> {
    const documents = vscode.workspace.textDocuments.filter((d) => isPersonaUri(d.uri) && personaIdFromUri(d.uri) === id);
    if (documents.some((document) => document.isDirty)) return;
    this.store.setBase(id, persona);
    for (const document of documents) await this.syncToServerCopy(document);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private async syncIfStale(document: vscode.TextDocument): Promise<void> {
    // Typing that followed the save must not be replaced.
    if (!isPersonaUri(document.uri) || this.isSyncing(document.uri) || document.isDirty) return;
    const base = this.store.get(personaIdFromUri(document.uri));
    if (base && document.getText() !== formatPersona(base)) await this.syncToServerCopy(document);
  }
}
