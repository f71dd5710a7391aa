import * as vscode from 'vscode';
import { PATCH_HEADER_PREFIX } from '../../core/patchFile';
import { personaId } from '../../core/personaRules';
import { patchTargetId } from '../patchDocuments';
import type { Services } from '../../services';
import { personaFromArgOrPick } from '../../personas/pickPersona';
import { activePatchDocument } from './patchCommandTarget';
import type { CommandHandler } from '../../commands/ids';

export function changePatchTarget(services: Services): CommandHandler {
  return async (arg?: unknown) => {
    const document = await activePatchDocument(arg, services.notifier);
    if (!document) return;
    const persona = await personaFromArgOrPick(services, undefined, 'Select the persona this patch file targets');
    const id = persona && personaId(persona);
    if (id === undefined) return;
    const header = `${PATCH_HEADER_PREFIX} ${id}`;
    const edit = new vscode.WorkspaceEdit();
    // Replace the header line, or put one above the ops when the file has none yet.
    if (patchTargetId(document) !== undefined) edit.replace(document.uri, document.lineAt(0).range, header);
    else edit.insert(document.uri, new vscode.Position(0, 0), `${header}\n`);
    await vscode.workspace.applyEdit(edit);
  };
}
