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

/** Documents that get schema completion, hover and diagnostics; drafts of new personas are added here. */
export const PERSONA_DOCUMENT_SELECTOR: vscode.DocumentSelector = [{ scheme: PERSONA_SCHEME }, { scheme: 'tavus-draft' }];

export function isSchemaDocument(document: vscode.TextDocument): boolean {
  return vscode.languages.match(PERSONA_DOCUMENT_SELECTOR, document) > 0;
}
