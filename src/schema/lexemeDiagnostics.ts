import * as vscode from 'vscode';
import { KeyedDebounce } from '../core/keyedDebounce';
import { lexemeProblems } from '../core/personaLexemeCheck';
import { toDiagnostic } from './diagnostic';
import { clearDiagnostics } from '../ui/diagnostics';

/** After the schema pass: it reads every character, so it runs on its own turn, once typing has paused. */
const SCAN_DELAY_MS = 250;

/**
 * Repeated members and numbers that would not travel exactly, marked while people type (saving
 * refuses them). Run only on text the schema pass found to be JSON: the scan is meant for JSON, and
 * on broken text the syntax marker says what is wrong, so these markers go until it is fixed.
 */
export class LexemeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('tavus-persona-lexemes');
  private readonly pending = new KeyedDebounce();

  /** Scans the document soon, unless it changes first (its next schema pass schedules the scan again). */
  schedule(document: vscode.TextDocument): void {
    const version = document.version;
    this.pending.schedule(document.uri.toString(), SCAN_DELAY_MS, () => {
      if (!document.isClosed && document.version === version) this.scanNow(document);
    });
  }

  scanNow(document: vscode.TextDocument): void {
    this.collection.set(
      document.uri,
      lexemeProblems(document.getText()).map((problem) => toDiagnostic(document, problem)),
    );
  }

  /** The document changed: a pending scan would read text the schema pass has not seen yet. */
  cancel(key: string): void {
    this.pending.cancel(key);
  }

  clear(uri: vscode.Uri): void {
    this.cancel(uri.toString());
    clearDiagnostics(this.collection, uri);
  }

  dispose(): void {
    this.pending.dispose();
    this.collection.dispose();
  }
}
