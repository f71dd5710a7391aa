import * as vscode from 'vscode';
import { fieldDocumentPath, fieldExtension, fieldLocationFromPath, type FieldLocation } from '../core/fieldText';

/** Field documents: one string of a persona or of a patch file's op, as text (see core/fieldText.ts). */
export const FIELD_SCHEME = 'tavus-field';

export function fieldUri(location: FieldLocation, label: string, language: string): vscode.Uri {
  return vscode.Uri.from({ scheme: FIELD_SCHEME, path: fieldDocumentPath(location, label, fieldExtension(language)) });
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
