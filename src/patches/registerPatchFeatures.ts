import * as vscode from 'vscode';
import type { Services } from '../services';
import { PatchApplier } from './patchApplier';
import { PatchCodeActions } from './patchCodeActions';
import { PatchCodeLenses } from './patchCodeLenses';
import { PatchCompletions } from './patchCompletions';
import { PatchDiagnostics } from './patchDiagnostics';
import { PatchFileContext } from './patchFileContext';
import { patchDocumentSelector } from './patchDocuments';
import { PatchHovers } from './patchHovers';
import { PatchTargets } from './patchTargets';
import { PointerStatusBar } from './pointerStatusBar';

export interface PatchFeatures {
  targets: PatchTargets;
  diagnostics: PatchDiagnostics;
  applier: PatchApplier;
  fileContext: PatchFileContext;
}

/** Completion, diagnostics, hover, quick fixes, CodeLens and apply for *.tavus-patch.json files; their commands are in the command table. */
export function registerPatchFeatures(
  context: vscode.ExtensionContext,
  services: Pick<Services, 'api' | 'notifier' | 'store' | 'references' | 'save'>,
): PatchFeatures {
  const targets = new PatchTargets(services.api);
  const diagnostics = new PatchDiagnostics(targets);
  const applier = new PatchApplier(services.api, services.store, targets, services.save.transaction, services.notifier);
  const lenses = new PatchCodeLenses(targets);
  const fileContext = new PatchFileContext();
  const selector = patchDocumentSelector();
  context.subscriptions.push(
    targets,
    diagnostics,
    lenses,
    fileContext,
    new PointerStatusBar(),
    vscode.languages.registerCompletionItemProvider(selector, new PatchCompletions(targets, services.references), '/', '"'),
    vscode.languages.registerHoverProvider(selector, new PatchHovers(targets, services.references)),
    vscode.languages.registerCodeActionsProvider(selector, new PatchCodeActions(diagnostics), {
      providedCodeActionKinds: PatchCodeActions.kinds,
    }),
    vscode.languages.registerCodeLensProvider(selector, lenses),
  );
  return { targets, diagnostics, applier, fileContext };
}
