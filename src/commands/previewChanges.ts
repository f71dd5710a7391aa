import * as vscode from 'vscode';
import { formatPersona } from '../core/personaDocument';
import { formatProblem } from '../core/parseJsonText';
import { personaLabel } from '../core/personaRules';
import { computeSave } from '../core/saveComputation';
import { changeCount, opListText } from '../save/prompts';
import type { ExtensionServices } from '../services';
import { activePersonaDocument } from '../ui/activePersona';
import type { CommandHandler } from './ids';

export function previewChanges({ store, save }: ExtensionServices): CommandHandler {
  return async (arg?: unknown) => {
    const target = await activePersonaDocument(arg);
    const base = target && store.get(target.id);
    if (!target || !base) return;
    const computed = computeSave(base, target.document.getText(), { guardWithTestOps: false });
    if (computed.kind === 'invalid') {
      void vscode.window.showErrorMessage(`The document is not valid JSON: ${formatProblem(computed.problems[0])}`);
      return;
    }
    if (computed.kind !== 'changes') {
      void vscode.window.showInformationMessage(
        computed.kind === 'noChanges'
          ? 'No changes to send.'
          : `${computed.pointers.join(', ')} cannot be changed: Tavus sets it.`,
      );
      return;
    }
    const label = personaLabel(base);
    await save.pipeline.prompts.showDiff(
      `${label}: ${changeCount(computed.ops.length)} (Tavus ↔ proposed)`,
      formatPersona(base),
      target.document.uri,
    );
    const choice = await vscode.window.showInformationMessage(
      `${changeCount(computed.ops.length)} would be sent to "${label}".`,
      { detail: opListText(computed.ops), modal: false },
      'Save Now',
    );
    if (choice === 'Save Now') await target.document.save();
  };
}
