import * as vscode from 'vscode';
import { KeyedDebounce } from '../core/keyedDebounce';
import { parsePatchFile } from '../core/patchFile';
import { validatePatch, type PatchProblem } from '../core/patchValidation';
import { describeError } from '../ui/errors';
import { isPatchDocument, patchTargetId } from './patchDocuments';
import type { PatchTargets } from './patchTargets';
import { rangeOf } from './spans';
import { clearDiagnostics } from '../ui/diagnostics';

const VALIDATE_DELAY_MS = 150;

/** Checks patch files while people type, against the target persona as Tavus has it now. */
export class PatchDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('tavus-patch');
  private readonly problems = new Map<string, PatchProblem[]>();
  private readonly pending = new KeyedDebounce();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly targets: PatchTargets) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document, VALIDATE_DELAY_MS)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      targets.onDidChange((id) => this.revalidateTargeting(id)),
    ];
    vscode.workspace.textDocuments.forEach((document) => this.schedule(document, 0));
  }

  /** The problems (with their fixes) last found in a document. */
  problemsOf(uri: vscode.Uri): readonly PatchProblem[] {
    return this.problems.get(uri.toString()) ?? [];
  }

  validateNow(document: vscode.TextDocument): void {
    if (!isPatchDocument(document)) return this.forget(document.uri);
    const text = document.getText();
    const parsed = parsePatchFile(text);
    const id = parsed.header?.personaId;
    const target = id === undefined ? undefined : this.targets.peek(id);
    const problems = validatePatch(parsed, target?.persona);
    this.problems.set(document.uri.toString(), problems);
    const diagnostics = problems.map((problem) => toDiagnostic(document, problem));
    const targetProblem = this.targetDiagnostic(document, id);
    this.collection.set(document.uri, targetProblem ? [targetProblem, ...diagnostics] : diagnostics);
  }

  dispose(): void {
    this.pending.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isPatchDocument(document)) return;
    this.pending.schedule(document.uri.toString(), delayMs, () => this.validateNow(document));
  }

  private revalidateTargeting(id: string): void {
    for (const document of vscode.workspace.textDocuments) {
      if (isPatchDocument(document) && patchTargetId(document) === id) this.validateNow(document);
    }
  }

  private targetDiagnostic(document: vscode.TextDocument, id: string | undefined): vscode.Diagnostic | undefined {
    const firstLine = document.lineAt(0).range;
    if (id === undefined) {
      return diagnostic(
        firstLine,
        'Name the target persona on the first line: // tavus-persona: <persona_id>',
        'missing-target',
        vscode.DiagnosticSeverity.Warning,
      );
    }
    const error = this.targets.error(id);
    if (error === undefined) return undefined;
    return diagnostic(
      firstLine,
      `Could not load persona ${id}, so paths are not checked: ${describeError(error)}`,
      'target-unavailable',
      vscode.DiagnosticSeverity.Warning,
    );
  }

  private forget(uri: vscode.Uri): void {
    this.problems.delete(uri.toString());
    clearDiagnostics(this.collection, uri);
  }
}

function toDiagnostic(document: vscode.TextDocument, problem: PatchProblem): vscode.Diagnostic {
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  return diagnostic(rangeOf(document, problem.span), problem.message, problem.code, severity);
}

function diagnostic(range: vscode.Range, message: string, code: string, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  const result = new vscode.Diagnostic(range, message, severity);
  result.source = 'Tavus';
  result.code = code;
  return result;
}
