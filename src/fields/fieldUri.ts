import * as vscode from 'vscode';
import { DEFAULT_CONNECTION } from '../core/connections';
import { fieldDocumentPath, fieldExtension, fieldLocationFromPath, type FieldLocation } from '../core/fieldText';

/** Field documents: one string of a persona or of a patch file's op, as text (see core/fieldText.ts). */
export const FIELD_SCHEME = 'tavus-field';

/** A persona's field carries the persona's connection as its authority, as the persona document does. */
export function fieldUri(location: FieldLocation, label: string, language: string, connection = DEFAULT_CONNECTION): vscode.Uri {
  const authority = location.owner.kind === 'persona' ? connection : '';
  return vscode.Uri.from({ scheme: FIELD_SCHEME, authority, path: fieldDocumentPath(location, label, fieldExtension(language)) });
}

export function fieldLocationOf(uri: vscode.Uri): FieldLocation | undefined {
  return uri.scheme === FIELD_SCHEME ? fieldLocationFromPath(uri.path) : undefined;
}

/** The persona a field document edits; undefined for documents of other kinds and patch-file fields. */
export function fieldPersonaId(uri: vscode.Uri): string | undefined {
  const owner = fieldLocationOf(uri)?.owner;
  return owner?.kind === 'persona' ? owner.id : undefined;
}

export function isFieldUri(uri: vscode.Uri): boolean {
  return fieldLocationOf(uri) !== undefined;
}
