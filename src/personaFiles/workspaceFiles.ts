import * as vscode from 'vscode';
import { parsePersonaFile, PERSONA_FILE_SUFFIX, type ParsedPersonaFile } from '../core/personaFile';

/** Enough for any real workspace; bounds the search a pull makes for the file of a persona. */
const MAX_FILES = 500;

export function findPersonaFiles(): Thenable<vscode.Uri[]> {
  return vscode.workspace.findFiles(`**/*${PERSONA_FILE_SUFFIX}`, '**/node_modules/**', MAX_FILES);
}

/**
 * The file as saved, or undefined when there is none. Read from disk: a document VS Code still
 * holds after its file was deleted keeps the old text.
 */
export async function readPersonaFile(uri: vscode.Uri): Promise<ParsedPersonaFile | undefined> {
  try {
    return parsePersonaFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
    throw error;
  }
}

/** The workspace's persona file that names `id` for `connection`, if any. */
export async function fileNaming(id: string, connection: string): Promise<vscode.Uri | undefined> {
  for (const uri of await findPersonaFiles()) {
    const parsed = await readPersonaFile(uri).catch(() => undefined);
    if (parsed?.ok && parsed.file.ids[connection] === id) return uri;
  }
  return undefined;
}

/** Replaces the file's text: through its document when one is open (so the editor shows it at once), saved. */
export async function writePersonaFile(uri: vscode.Uri, text: string): Promise<void> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (!open) {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, open.lineCount, 0), text);
  await vscode.workspace.applyEdit(edit);
  await open.save();
}
