import * as vscode from 'vscode';
import { patchFileText } from '../../core/patchFile';
import { personaId, personaLabel } from '../../core/personaRules';
import { PATCH_FILE_SUFFIX } from '../patchDocuments';
import type { Services } from '../../services';
import { personaFromArgOrPick } from '../../personas/pickPersona';
import type { CommandHandler } from '../../commands/ids';

const EXAMPLE_OP = { op: 'replace' as const, path: '/persona_name', value: '' };

export function newPatchFile(services: Services): CommandHandler {
  return async (arg?: unknown) => {
    const persona = await personaFromArgOrPick(services, arg, 'Select the persona the patch file targets');
    const id = persona && personaId(persona);
    if (!persona || id === undefined) return undefined;
    const text = patchFileText(id, [{ ...EXAMPLE_OP, value: personaLabel(persona) }]);
    const document = await openNewPatchDocument(id, personaLabel(persona), text);
    await vscode.window.showTextDocument(document);
    return document.uri;
  };
}

/** In the workspace when one is open (so it can be kept and shared), else an untitled file. */
export async function openNewPatchDocument(id: string, label: string, text: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    return vscode.workspace.openTextDocument({ language: 'jsonc', content: text });
  }
  const uri = await freeUri(folder.uri, `${slug(label) || id}${PATCH_FILE_SUFFIX}`);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  return vscode.workspace.openTextDocument(uri);
}

async function freeUri(folder: vscode.Uri, name: string): Promise<vscode.Uri> {
  const stem = name.slice(0, -PATCH_FILE_SUFFIX.length);
  for (let n = 1; ; n++) {
    const candidate = vscode.Uri.joinPath(folder, n === 1 ? name : `${stem}-${n}${PATCH_FILE_SUFFIX}`);
    const exists = await vscode.workspace.fs.stat(candidate).then(
      () => true,
      () => false,
    );
    if (!exists) return candidate;
  }
}

function slug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}
