import * as vscode from 'vscode';
import type { Span } from '../core/patchFile';
import type { QuickFix } from '../core/patchValidation';

export function rangeOf(document: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.offset), document.positionAt(span.offset + span.length));
}

/** The quick fixes of the problems whose span meets `range`; a problem's only fix is the preferred one. */
export function quickFixesAt(
  document: vscode.TextDocument,
  range: vscode.Range | vscode.Selection,
  problems: Iterable<{ span: Span; fixes: QuickFix[] }>,
): vscode.CodeAction[] {
  const actions: vscode.CodeAction[] = [];
  for (const problem of problems) {
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
