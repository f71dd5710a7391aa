import * as vscode from 'vscode';
import { KeyedDebounce, pauseBeforeCheck } from '../core/keyedDebounce';
import type { Persona } from '../core/json';
import { personaOutline, schemaProblems, type SchemaProblem } from '../core/personaSchemaCheck';
import type { ReferenceLists } from '../personas/referenceLists';
import type { DocumentOrigins } from '../personas/origins';
import type { PersonaStore } from '../personas/store';
import { isPersonaUri, isSchemaDocument, personaIdFromUri } from '../personas/uri';
import type { CursorLocators } from './cursorLocators';
import { toDiagnostic } from './diagnostic';
import { LexemeDiagnostics } from './lexemeDiagnostics';
import { clearDiagnostics } from '../ui/diagnostics';

const VALIDATE_DELAY_MS = 200;

/**
 * Schema diagnostics of persona documents while people type. The first edit of a persona loads the
 * account's reference lists (so ids can be checked); opening one alone sends no extra request.
 */
export class SchemaDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('tavus-persona');
  private readonly lexemes = new LexemeDiagnostics();
  private readonly problems = new Map<string, SchemaProblem[]>();
  /** Each document's length at its last check: reading it anew would join the whole text on every keystroke. */
  private readonly lengths = new Map<string, number>();
  private readonly pending = new KeyedDebounce();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly store: PersonaStore,
    private readonly origins: DocumentOrigins,
    private readonly references: ReferenceLists,
    private readonly locators: CursorLocators,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.changed(event)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      store.onDidChangeBase(() => this.revalidateAll()),
      references.onDidChange(() => this.revalidateAll()),
    ];
    vscode.workspace.textDocuments.forEach((document) => this.schedule(document, 0));
  }

  /** The problems (with their fixes) last found in a document. */
  problemsOf(uri: vscode.Uri): readonly SchemaProblem[] {
    return this.problems.get(uri.toString()) ?? [];
  }

  validateNow(document: vscode.TextDocument): void {
    if (!isSchemaDocument(document) || document.isClosed) return this.forget(document.uri);
    const text = document.getText();
    this.lengths.set(document.uri.toString(), text.length);
    const outline = personaOutline(text);
    this.locators.useOutline(document, outline);
    if (outline.ok) this.lexemes.schedule(document);
    else this.lexemes.clear(document.uri);
    const problems = schemaProblems(text, { base: this.baseOf(document), references: this.references.peek }, outline);
    this.problems.set(document.uri.toString(), problems);
    this.collection.set(
      document.uri,
      problems.map((problem) => toDiagnostic(document, problem)),
    );
  }

  dispose(): void {
    this.pending.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
    this.lexemes.dispose();
  }

  private changed(event: vscode.TextDocumentChangeEvent): void {
    if (!isSchemaDocument(event.document) || event.contentChanges.length === 0) return;
    void this.references.ensure();
    this.lexemes.cancel(event.document.uri.toString());
    const length = this.lengths.get(event.document.uri.toString()) ?? 0;
    this.schedule(event.document, pauseBeforeCheck(VALIDATE_DELAY_MS, length));
  }

  private baseOf(document: vscode.TextDocument): Persona | undefined {
    // The document's own origin: an updated_at Tavus moved since is not the user's edit.
    if (!isPersonaUri(document.uri)) return undefined;
    return this.origins.get(document.uri) ?? this.store.get(personaIdFromUri(document.uri));
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isSchemaDocument(document)) return;
    this.pending.schedule(document.uri.toString(), delayMs, () => this.validateNow(document));
  }

  private revalidateAll(): void {
    for (const document of vscode.workspace.textDocuments) if (isSchemaDocument(document)) this.validateNow(document);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.pending.cancel(key);
    this.problems.delete(key);
    this.lengths.delete(key);
    clearDiagnostics(this.collection, uri);
    this.lexemes.clear(uri);
  }
}
