import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { personaOutline, schemaProblems, type SchemaProblem, type SchemaSeverity } from '../core/personaSchemaCheck';
import type { ReferenceLists } from '../personas/referenceLists';
import type { DocumentOrigins } from '../personas/origins';
import type { PersonaStore } from '../personas/store';
import { isPersonaUri, isSchemaDocument, personaIdFromUri } from '../personas/uri';
import { rangeOf } from '../patches/spans';
import type { CursorLocators } from './cursorLocators';

const VALIDATE_DELAY_MS = 200;

const SEVERITIES: Record<SchemaSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/**
 * Schema diagnostics of persona documents while people type. The first edit of a persona loads the
 * account's reference lists (so ids can be checked); opening one alone sends no extra request.
 */
export class SchemaDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('tavus-persona');
  private readonly problems = new Map<string, SchemaProblem[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
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
    const outline = personaOutline(text);
    this.locators.useOutline(document, outline);
    const problems = schemaProblems(text, { base: this.baseOf(document), references: this.references.peek }, outline);
    this.problems.set(document.uri.toString(), problems);
    this.collection.set(
      document.uri,
      problems.map((problem) => toDiagnostic(document, problem)),
    );
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }

  private changed(event: vscode.TextDocumentChangeEvent): void {
    if (!isSchemaDocument(event.document) || event.contentChanges.length === 0) return;
    void this.references.ensure();
    this.schedule(event.document, VALIDATE_DELAY_MS);
  }

  private baseOf(document: vscode.TextDocument): Persona | undefined {
    // The document's own origin: an updated_at Tavus moved since is not the user's edit.
    if (!isPersonaUri(document.uri)) return undefined;
    return this.origins.get(document.uri) ?? this.store.get(personaIdFromUri(document.uri));
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isSchemaDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.validateNow(document);
      }, delayMs),
    );
  }

  private revalidateAll(): void {
    for (const document of vscode.workspace.textDocuments) if (isSchemaDocument(document)) this.validateNow(document);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.problems.delete(key);
    this.collection.delete(uri);
  }
}

function toDiagnostic(document: vscode.TextDocument, problem: SchemaProblem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(rangeOf(document, problem.span), problem.message, SEVERITIES[problem.severity]);
  diagnostic.source = 'Tavus';
  diagnostic.code = problem.code;
  if (problem.code === 'deprecated-field' || problem.code === 'renamed-field') {
    diagnostic.tags = [vscode.DiagnosticTag.Deprecated];
  }
  return diagnostic;
}
