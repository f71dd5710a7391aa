import * as vscode from 'vscode';
import type { PatchApplier } from '../patches/patchApplier';
import { isPatchDocument } from '../patches/patchDocuments';
import { activePatchDocument } from './patchCommandTarget';

export function registerApplyPatchFile(applier: PatchApplier): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.applyPatchFile', async (arg?: unknown) => {
    const document = await activePatchDocument(arg);
    return document && isPatchDocument(document) ? applier.apply(document) : undefined;
  });
}
