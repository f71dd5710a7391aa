import * as vscode from 'vscode';
import type { PatchOp } from '../core/json';
import { setContextKey } from '../ui/contextKeys';
import type { Notifier } from '../ui/notifier';
import { movedMessage } from './patchFailure';
import type { PreviewDocuments } from './previewDocuments';

export type ApplyDecision = 'apply' | 'applyAndStopAsking' | 'cancel';
export type MovedDecision = 'merge' | 'compare' | 'overwrite' | 'cancel';

export interface ChangePreview {
  label: string;
  /** The confirm button: "Apply", or "Create" for a new persona. */
  verb: string;
  ops: readonly PatchOp[];
  /** One line per op, long strings cut around their first difference. */
  lines: readonly string[];
  realChanges: number;
  /** Problems the persona would still have (schema warnings); listed above the ops. */
  problems: readonly string[];
  serverText: string;
  proposedText: string;
  /** 0-based line of the first difference between the two texts, to open the diff there. */
  firstChangedLine: number;
}

export interface MovedOnTavus {
  label: string;
  /** Why the change cannot simply be sent. */
  reason: 'changed' | 'unknownOrigin';
  /** Merge is offered only when the changes do not overlap. */
  canMerge: boolean;
  /** "pointer — yours: …, Tavus now: …" for each overlap. */
  overlaps: readonly string[];
}

/** A persona a delete names in its warning. */
export interface DeleteTarget {
  label: string;
  id: string;
}

/** The questions a write to Tavus asks. Integration tests answer them through a stand-in. */
export interface WritePrompts {
  confirmApply(preview: ChangePreview): Promise<ApplyDecision>;
  /** Always asked, whatever tavus.confirmBeforeApply says: a delete cannot be undone on Tavus. */
  confirmDelete(targets: readonly DeleteTarget[]): Promise<boolean>;
  resolveMoved(moved: MovedOnTavus): Promise<MovedDecision>;
  showDiff(title: string, leftText: string, right: vscode.Uri | string): Promise<void>;
}

const MAX_LISTED = 25;
const REVIEW = 'Review in Editor';

function listed(lines: readonly string[]): string[] {
  const shown = lines.slice(0, MAX_LISTED);
  if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more (all are in the Tavus log)`);
  return shown;
}

export function previewDetail(preview: ChangePreview): string {
  const problems =
    preview.problems.length > 0
      ? [`${preview.problems.length} problem${preview.problems.length === 1 ? '' : 's'} remain:`, ...listed(preview.problems), '']
      : [];
  return [...problems, ...listed(preview.lines)].join('\n');
}

export function changeCount(count: number): string {
  return `${count} change${count === 1 ? '' : 's'}`;
}

/**
 * The review: a diff editor (opened at the first change) with Apply and Cancel in its title, and
 * a modal that lists the ops. The modal offers "Review in Editor", which leaves the diff open so
 * the user can scroll and read before deciding with the title actions.
 */
export class VsCodeWritePrompts implements WritePrompts {
  private pending: ((decision: ApplyDecision) => void) | undefined;

  constructor(
    private readonly previews: PreviewDocuments,
    private readonly notifier: Notifier,
  ) {}

  /** The diff editor's title actions. */
  decide(decision: ApplyDecision): void {
    this.pending?.(decision);
  }

  async confirmApply(preview: ChangePreview): Promise<ApplyDecision> {
    // The question goes first and the diff opens behind it: opening a diff editor of two large
    // texts keeps the workbench busy for hundreds of ms, and the dialog does not need it to ask.
    const problems = preview.problems.length > 0 ? ` (${preview.problems.length} problems remain)` : '';
    const question =
      preview.verb === 'Create'
        ? `Create "${preview.label}" on Tavus (${preview.realChanges} fields)?${problems}`
        : `${preview.verb} ${changeCount(preview.realChanges)} to "${preview.label}" on Tavus?${problems}`;
    const choice = this.notifier.ask(
      'info',
      question,
      previewDetail(preview),
      preview.verb,
      `${preview.verb} and Don't Ask Again`,
      REVIEW,
    );
    const opened = this.openPreview(preview);
    // Handled here too: a diff that fails to open while the question is still up is not an unhandled rejection.
    opened.catch(() => undefined);
    try {
      const answer = await choice;
      if (answer === preview.verb) return 'apply';
      if (answer === REVIEW) {
        await opened;
        await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
        return await this.reviewInEditor();
      }
      return answer ? 'applyAndStopAsking' : 'cancel';
    } finally {
      // The write goes on while the diff closes: nothing it does waits for the workbench.
      void opened.then((close) => close()).catch(() => undefined);
    }
  }

  async confirmDelete(targets: readonly DeleteTarget[]): Promise<boolean> {
    const what = targets.length === 1 ? `"${targets[0]!.label}" (${targets[0]!.id})` : `${targets.length} personas`;
    const names = targets.length === 1 ? [] : [...listed(targets.map((t) => `${t.label} (${t.id})`)), ''];
    const detail = [
      ...names,
      'Tavus cannot undo a delete. A backup of each persona (without its secret fields) is kept, and Restore creates it again under a new id.',
    ].join('\n');
    return (await this.notifier.ask('warning', `Delete ${what} from Tavus?`, detail, 'Delete')) === 'Delete';
  }

  async resolveMoved(moved: MovedOnTavus): Promise<MovedDecision> {
    const message = movedMessage(moved.label, moved.reason);
    const detail = moved.canMerge
      ? 'Your changes and the changes on Tavus touch different fields. Merge applies yours on top of the current copy; Compare shows both; Overwrite makes the persona exactly your version, undoing the other change.'
      : moved.overlaps.length > 0
        ? `Both changed:\n${listed(moved.overlaps).join('\n')}\n\nCompare shows the server copy beside yours. Overwrite makes the persona exactly your version, undoing the other change.`
        : 'Compare shows the server copy beside yours. Overwrite makes the persona exactly your version, undoing the other change.';
    const buttons = moved.canMerge ? ['Merge', 'Compare', 'Overwrite'] : ['Compare', 'Overwrite'];
    const choice = await this.notifier.ask('warning', message, detail, ...buttons);
    if (choice === 'Merge') return 'merge';
    if (choice === 'Compare') return 'compare';
    return choice === 'Overwrite' ? 'overwrite' : 'cancel';
  }

  async showDiff(title: string, leftText: string, right: vscode.Uri | string): Promise<void> {
    const left = this.previews.create(`${title} (Tavus)`, leftText);
    const rightUri = typeof right === 'string' ? this.previews.create(`${title} (yours)`, right) : right;
    await vscode.commands.executeCommand('vscode.diff', left, rightUri, title, { preview: true });
  }

  private async reviewInEditor(): Promise<ApplyDecision> {
    await setContextKey('tavus.previewPending', true);
    try {
      return await new Promise<ApplyDecision>((resolve) => {
        this.pending = resolve;
        // Closing the review without choosing is a Cancel.
        const closed = vscode.window.tabGroups.onDidChangeTabs((event) => {
          if (
            event.closed.some((tab) => tab.input instanceof vscode.TabInputTextDiff && this.previews.owns(tab.input.modified))
          ) {
            closed.dispose();
            resolve('cancel');
          }
        });
      });
    } finally {
      this.pending = undefined;
      await setContextKey('tavus.previewPending', false);
    }
  }

  /** Opens the diff at its first change; returns how to close it again. */
  private async openPreview(preview: ChangePreview): Promise<() => Promise<void>> {
    const title = `${preview.label}: ${changeCount(preview.realChanges)} (Tavus ↔ proposed)`;
    const left = this.previews.create(`${preview.label} (Tavus)`, preview.serverText);
    const right = this.previews.create(`${preview.label} (proposed)`, preview.proposedText);
    const line = new vscode.Range(preview.firstChangedLine, 0, preview.firstChangedLine, 0);
    // Without the focus: it opens behind the question, and an answer given before it is open must
    // not have the diff take the focus from whatever the user went on to (the command palette).
    const options = { preview: true, preserveFocus: true, selection: line };
    await vscode.commands.executeCommand('vscode.diff', left, right, title, options);
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.uri.toString() === right.toString()) {
      editor.revealRange(line, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    return async () => {
      const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
      const tab = tabs.find(
        (t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right.toString(),
      );
      if (tab) await vscode.window.tabGroups.close(tab);
    };
  }
}
