import * as vscode from 'vscode';
import { lexemeProblems } from '../core/personaLexemeCheck';
import { toDiagnostic } from './diagnostic';

/** After the schema pass: it reads every character, so it runs on its own turn, once typing has paused. */
const SCAN_DELAY_MS = 250;

/**
 * Repeated members and numbers that would not travel exactly, marked while people type (saving
 * refuses them). Run only on text the schema pass found to be JSON: the scan is meant for JSON, and
 * on broken text the syntax marker says what is wrong, so these markers go until it is fixed.
 */
export class LexemeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('tavus-persona-lexemes');
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** Scans the document soon, unless it changes first (its next schema pass schedules the scan again). */
  schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const version = document.version;
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed && document.version === version) this.scanNow(document);
      }, SCAN_DELAY_MS),
    );
  }

  scanNow(document: vscode.TextDocument): void {
    this.collection.set(
      document.uri,
      lexemeProblems(document.getText()).map((problem) => toDiagnostic(document, problem)),
    );
  }

  /** The document changed: a pending scan would read text the schema pass has not seen yet. */
  cancel(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  clear(uri: vscode.Uri): void {
    this.cancel(uri.toString());
    this.collection.delete(uri);
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.collection.dispose();
  }
}
