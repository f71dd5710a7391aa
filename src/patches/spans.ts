import * as vscode from 'vscode';
import type { Span } from '../core/patchFile';

export function rangeOf(document: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.offset), document.positionAt(span.offset + span.length));
}
