import * as vscode from 'vscode';
import { personaDocumentPath, personaIdFromDocumentPath } from '../core/personaDocument';

export const PERSONA_SCHEME = 'tavus';

export function personaUri(id: string, label: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PERSONA_SCHEME, path: personaDocumentPath(id, label) });
}

export function personaIdFromUri(uri: vscode.Uri): string {
  const id = uri.scheme === PERSONA_SCHEME ? personaIdFromDocumentPath(uri.path) : undefined;
  if (id === undefined) throw vscode.FileSystemError.FileNotFound(uri);
  return id;
}

export function isPersonaUri(uri: vscode.Uri): boolean {
  return uri.scheme === PERSONA_SCHEME && personaIdFromDocumentPath(uri.path) !== undefined;
}
