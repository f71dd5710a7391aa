import * as vscode from 'vscode';
import type { PatchDiagnostics } from './patchDiagnostics';
import { isPatchDocument } from './patchDocuments';
import { quickFixesAt } from './spans';

/** Offers the fixes the validator attached to each problem under the cursor. */
export class PatchCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: PatchDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    if (!isPatchDocument(document)) return [];
    return quickFixesAt(document, range, this.diagnostics.problemsOf(document.uri));
  }
}
