import * as vscode from 'vscode';
import { describeOps } from '../../core/changeSnippet';
import { formatFirstProblem } from '../../core/parseJsonText';
import { personaLabel } from '../../core/personaRules';
import { firstChangedLine, formatForPreview } from '../../core/previewText';
import { computeSave } from '../../core/saveComputation';
import type { Services } from '../../services';
import { changeCount, previewDetail } from '../../transaction/prompts';
import { activePersonaDocument } from '../../personas/activePersona';
import type { CommandHandler } from '../../commands/ids';

/** What a save would send, without sending: the diff against the document's origin and the ops. */
export function previewChanges({ origins, save, notifier, connections }: Services): CommandHandler {
  return async (arg?: unknown) => {
    const target = await activePersonaDocument(arg, { notifier, connections });
    const origin = target && origins.get(target.document.uri);
    if (!target || !origin) return;
    const computed = computeSave(origin, target.document.getText(), { guardWithTestOps: false });
    if (computed.kind === 'invalid') {
      void notifier.error(`The document is not valid JSON: ${formatFirstProblem(computed.problems)}`);
      return;
    }
    if (computed.kind !== 'changes') {
      notifier.status(
        computed.kind === 'noChanges'
          ? 'No changes to send.'
          : `${computed.pointers.join(', ')} cannot be changed: Tavus sets it.`,
      );
      return;
    }
    const { lines, realChanges } = describeOps(origin, computed.ops);
    const label = personaLabel(origin);
    const serverText = formatForPreview(origin);
    const proposedText = formatForPreview(computed.edited);
    await save.transaction.prompts.showDiff(`${label}: ${changeCount(realChanges)} (Tavus ↔ proposed)`, serverText, proposedText);
    const line = Math.max(0, firstChangedLine(serverText, proposedText));
    vscode.window.activeTextEditor?.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.InCenter);
    const detail = previewDetail({
      label,
      verb: 'Apply',
      ops: computed.ops,
      lines,
      realChanges,
      problems: [],
      serverText,
      proposedText,
      firstChangedLine: line,
    });
    const choice = await notifier.info(`${changeCount(realChanges)} would be sent to "${label}":\n${detail}`, 'Save Now');
    if (choice === 'Save Now') await save.saver.save(target.document);
  };
}
