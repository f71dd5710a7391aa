import * as vscode from 'vscode';
import { registerApplyPatchFile } from '../commands/applyPatchFile';
import { registerRefreshPatchTarget } from '../commands/refreshPatchTarget';
import type { ExtensionServices } from '../services';
import { PatchApplier } from './patchApplier';
import { PatchCodeActions } from './patchCodeActions';
import { PatchCodeLenses } from './patchCodeLenses';
import { PatchCompletions } from './patchCompletions';
import { PatchDiagnostics } from './patchDiagnostics';
import { patchDocumentSelector } from './patchDocuments';
import { PatchHovers } from './patchHovers';
import { PatchTargets } from './patchTargets';
import { PointerStatusBar } from './pointerStatusBar';

export interface PatchFeatures {
  targets: PatchTargets;
  diagnostics: PatchDiagnostics;
  applier: PatchApplier;
}

/** Completion, diagnostics, hover, quick fixes, CodeLens and apply for *.tavus-patch.json files. */
export function registerPatchFeatures(context: vscode.ExtensionContext, services: ExtensionServices): PatchFeatures {
  const targets = new PatchTargets(services.api);
  const diagnostics = new PatchDiagnostics(targets);
  const applier = new PatchApplier(services, targets);
  const lenses = new PatchCodeLenses(targets);
  const selector = patchDocumentSelector();
  context.subscriptions.push(
    targets,
    diagnostics,
    lenses,
    new PointerStatusBar(),
    vscode.languages.registerCompletionItemProvider(selector, new PatchCompletions(targets, services.references), '/', '"'),
    vscode.languages.registerHoverProvider(selector, new PatchHovers(targets, services.references)),
    vscode.languages.registerCodeActionsProvider(selector, new PatchCodeActions(diagnostics), {
      providedCodeActionKinds: PatchCodeActions.kinds,
    }),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    registerApplyPatchFile(applier),
    registerRefreshPatchTarget(services, targets),
  );
  return { targets, diagnostics, applier };
}
