import type * as vscode from 'vscode';
import { readPatchHeader } from '../core/patchFile';

export const PATCH_FILE_SUFFIX = '.tavus-patch.json';

/** A patch file is named *.tavus-patch.json, or (unsaved) starts with the `// tavus-persona:` header. */
export function isPatchDocument(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'jsonc' && document.languageId !== 'json') return false;
  return document.uri.path.endsWith(PATCH_FILE_SUFFIX) || readPatchHeader(firstLine(document)) !== undefined;
}

export function patchTargetId(document: vscode.TextDocument): string | undefined {
  return readPatchHeader(firstLine(document))?.personaId;
}

function firstLine(document: vscode.TextDocument): string {
  return document.lineCount > 0 ? document.lineAt(0).text : '';
}

export function patchDocumentSelector(): vscode.DocumentSelector {
  return [{ language: 'jsonc' }, { language: 'json' }];
}
