import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { formatPersona } from '../core/personaDocument';
import type { DocumentOrigins } from '../personas/origins';
import type { PersonaStore } from '../personas/store';
import { isPersonaUri, personaIdFromUri } from '../personas/uri';
import { otherConnectionProblem, type ActiveConnection } from '../connections/guard';
import { touchDuringWrite } from './keepDirty';
import { replaceAllText } from './replaceText';

/** How a kind of document shows its origin: whose persona it is, and its text for an origin. */
export interface OriginView {
  /** Undefined for documents of another kind. */
  personaId(uri: vscode.Uri): string | undefined;
  /** Undefined when the document cannot show this origin (a field a text document would change). */
  text(uri: vscode.Uri, origin: Persona): string | undefined;
}

const PERSONA_VIEW: OriginView = {
  personaId: (uri) => (isPersonaUri(uri) ? personaIdFromUri(uri) : undefined),
  text: (_, origin) => formatPersona(origin),
};

/**
 * Puts a document's origin into its text and leaves it clean. Firing a file-change event is not
 * enough: after a save VS Code already holds the stat of the new server copy, sees the same etag,
 * and keeps the user's text. So the text is replaced with an edit and saved; the file system lets
 * a save that carries exactly the origin through without a request.
 */
export class PersonaDocumentSync implements vscode.Disposable {
  private readonly queue = new Map<string, Promise<boolean>>();
  private readonly held = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly views: OriginView[] = [PERSONA_VIEW];

  constructor(
    private readonly store: PersonaStore,
    private readonly origins: DocumentOrigins,
    private readonly connections: ActiveConnection,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidSaveTextDocument((document) => void this.showOriginIfStale(document)),
      store.onDidChangeBase((id) => void this.adoptLatest(id)),
    ];
  }

  /**
   * One at a time per document: two whole-text replacements in flight (a revert right after a
   * save) would each be applied as minimal edits against a text the other already changed.
   */
  showOrigin(document: vscode.TextDocument): Promise<boolean> {
    return this.enqueue(document, () => this.replaceWithOrigin(document));
  }

  /**
   * A write that was not sent (see touchDuringWrite): VS Code still reports it as a save, after
   * which extensions take the document for clean although the editor shows it dirty. Its text is
   * kept, and one more touch makes the two agree again.
   */
  holdAfterUnsentWrite(document: vscode.TextDocument): void {
    this.held.add(document.uri.toString());
  }

  /** Makes `persona` the document's origin and shows it, dirty or not: a revert. */
  adopt(document: vscode.TextDocument, persona: Persona): Promise<boolean> {
    this.origins.set(document.uri, persona);
    return this.showOrigin(document);
  }

  /** Documents of another kind that show (part of) a persona's origin, such as field documents. */
  addView(view: OriginView): void {
    this.views.push(view);
  }

  /** Resolves once the jobs queued so far for the document are done (its text may be mid-replacement, and dirty, until then). */
  async settled(uri: vscode.Uri): Promise<void> {
    await this.queue.get(uri.toString())?.catch(() => false);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private async replaceWithOrigin(document: vscode.TextDocument): Promise<boolean> {
    const origin = this.origins.get(document.uri);
    const view = this.viewOf(document.uri);
    if (!origin || !view) return false;
    const text = view.text(document.uri, origin);
    if (text === undefined) return false;
    if (document.getText() === text && !document.isDirty) return true;
    return (await replaceAllText(document, text)) && (await document.save());
  }

  /**
   * A newer server copy arrived (a patch file was applied, the persona was opened again). Clean
   * documents show it; a dirty one keeps its origin, so its save sees the change and merges or asks.
   */
  private async adoptLatest(id: string): Promise<void> {
    const documents = vscode.workspace.textDocuments.filter(
      (document) => this.viewOf(document.uri)?.personaId(document.uri) === id && !document.isDirty,
    );
    await Promise.all(documents.map((document) => this.adoptLatestIfClean(document, id)));
  }

  /**
   * Decided when the document's turn in its queue comes, not when the copy arrived: by then the
   * user may have typed (their text stays, with its origin), or a revert may have shown a copy
   * newer than the one that started this.
   */
  private adoptLatestIfClean(document: vscode.TextDocument, id: string): Promise<boolean> {
    return this.enqueue(document, async () => {
      const latest = this.store.get(id);
      if (!latest || document.isDirty || document.isClosed) return false;
      if (this.viewOf(document.uri)?.text(document.uri, latest) === undefined) return false;
      this.origins.set(document.uri, latest);
      return this.replaceWithOrigin(document);
    });
  }

  private enqueue(document: vscode.TextDocument, job: () => Promise<boolean>): Promise<boolean> {
    const key = document.uri.toString();
    const previous = this.queue.get(key) ?? Promise.resolve(true);
    const next = previous.catch(() => false).then(job);
    this.queue.set(key, next);
    void next.finally(() => this.queue.get(key) === next && this.queue.delete(key)).catch(() => undefined);
    return next;
  }

  /** A save that VS Code made (Save All, closing with Save) sent the text; then the editor shows Tavus's copy. */
  private async showOriginIfStale(document: vscode.TextDocument): Promise<void> {
    if (this.held.delete(document.uri.toString())) return touchDuringWrite(document);
    // Typing that followed the save must not be replaced.
    const view = this.viewOf(document.uri);
    if (!view || document.isDirty) return;
    const origin = this.origins.get(document.uri);
    const text = origin && view.text(document.uri, origin);
    if (text !== undefined && document.getText() !== text) await this.showOrigin(document);
  }

  /** Another connection's documents have no origin here: a persona of the same id on this one is another persona. */
  private viewOf(uri: vscode.Uri): OriginView | undefined {
    if (otherConnectionProblem(uri, this.connections) !== undefined) return undefined;
    return this.views.find((view) => view.personaId(uri) !== undefined);
  }
}
