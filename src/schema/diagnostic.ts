import * as vscode from 'vscode';
import type { SchemaProblem, SchemaSeverity } from '../core/personaSchemaCheck';
import { rangeOf } from '../patches/spans';

const SEVERITIES: Record<SchemaSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/** A persona document's problem as the Problems panel shows it: source `Tavus`, the problem's code. */
export function toDiagnostic(document: vscode.TextDocument, problem: SchemaProblem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(rangeOf(document, problem.span), problem.message, SEVERITIES[problem.severity]);
  diagnostic.source = 'Tavus';
  diagnostic.code = problem.code;
  if (problem.code === 'deprecated-field' || problem.code === 'renamed-field') {
    diagnostic.tags = [vscode.DiagnosticTag.Deprecated];
  }
  return diagnostic;
}
