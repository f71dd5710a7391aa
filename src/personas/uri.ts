import * as vscode from 'vscode';
import { connectionOfAuthority, DEFAULT_CONNECTION } from '../core/connections';
import { personaDocumentPath, personaIdFromDocumentPath } from '../core/personaDocument';

export const PERSONA_SCHEME = 'tavus';

/**
 * `tavus://<connection>/persona/<id>/<name>.json`: two connections' personas open side by side,
 * and each document is read from and saved to its own connection only (see connections/guard.ts).
 */
export function personaUri(id: string, label: string, connection = DEFAULT_CONNECTION): vscode.Uri {
  return vscode.Uri.from({ scheme: PERSONA_SCHEME, authority: connection, path: personaDocumentPath(id, label) });
}

/** The connection a persona, field or draft document belongs to; "default" for tabs restored from before connections. */
export function connectionOfUri(uri: vscode.Uri): string {
  return connectionOfAuthority(uri.authority);
}

export function personaIdFromUri(uri: vscode.Uri): string {
  const id = uri.scheme === PERSONA_SCHEME ? personaIdFromDocumentPath(uri.path) : undefined;
  if (id === undefined) throw vscode.FileSystemError.FileNotFound(uri);
  return id;
}

export function isPersonaUri(uri: vscode.Uri): boolean {
  return uri.scheme === PERSONA_SCHEME && personaIdFromDocumentPath(uri.path) !== undefined;
}

/** Documents that get schema completion, hover and diagnostics; drafts of new personas are added here. */
export const PERSONA_DOCUMENT_SELECTOR: vscode.DocumentSelector = [{ scheme: PERSONA_SCHEME }, { scheme: 'tavus-draft' }];

export function isSchemaDocument(document: vscode.TextDocument): boolean {
  return vscode.languages.match(PERSONA_DOCUMENT_SELECTOR, document) > 0;
}
