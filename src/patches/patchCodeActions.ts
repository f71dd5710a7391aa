import * as vscode from 'vscode';
import type { PatchDiagnostics } from './patchDiagnostics';
import { isPatchDocument } from './patchDocuments';
import { rangeOf } from './spans';

/** Offers the fixes the validator attached to each problem under the cursor. */
export class PatchCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: PatchDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    if (!isPatchDocument(document)) return [];
    const actions: vscode.CodeAction[] = [];
    for (const problem of this.diagnostics.problemsOf(document.uri)) {
      if (!rangeOf(document, problem.span).intersection(range)) continue;
      for (const fix of problem.fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits) action.edit.replace(document.uri, rangeOf(document, edit.span), edit.newText);
        action.isPreferred = problem.fixes.length === 1;
        actions.push(action);
      }
    }
    return actions;
  }
}
