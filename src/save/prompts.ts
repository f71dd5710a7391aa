import * as vscode from 'vscode';
import { describePatchOps } from '../core/requestLog';
import type { PatchOp } from '../core/json';
import type { PreviewDocuments } from './previewDocuments';

export type ApplyDecision = 'apply' | 'applyAndStopAsking' | 'cancel';
export type ConflictDecision = 'compare' | 'overwrite' | 'cancel';

export interface ChangePreview {
  label: string;
  ops: readonly PatchOp[];
  serverText: string;
  proposedText: string;
}

/** The questions a save asks. Integration tests answer them through a stand-in. */
export interface SavePrompts {
  confirmApply(preview: ChangePreview): Promise<ApplyDecision>;
  resolveConflict(label: string): Promise<ConflictDecision>;
  showDiff(title: string, leftText: string, right: vscode.Uri | string): Promise<void>;
}

const MAX_LISTED_OPS = 25;

export function opListText(ops: readonly PatchOp[]): string {
  const lines = describePatchOps(ops);
  const shown = lines.slice(0, MAX_LISTED_OPS);
  if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more (all are in the Tavus log)`);
  return shown.join('\n');
}

export function changeCount(count: number): string {
  return `${count} change${count === 1 ? '' : 's'}`;
}

export class VsCodeSavePrompts implements SavePrompts {
  constructor(private readonly previews: PreviewDocuments) {}

  async confirmApply(preview: ChangePreview): Promise<ApplyDecision> {
    const close = await this.openPreview(preview);
    try {
      const choice = await vscode.window.showInformationMessage(
        `Apply ${changeCount(preview.ops.length)} to "${preview.label}" on Tavus?`,
        { modal: true, detail: opListText(preview.ops) },
        'Apply',
        "Apply and Don't Ask Again",
      );
      if (choice === 'Apply') return 'apply';
      return choice ? 'applyAndStopAsking' : 'cancel';
    } finally {
      await close();
    }
  }

  async resolveConflict(label: string): Promise<ConflictDecision> {
    const choice = await vscode.window.showWarningMessage(
      `"${label}" changed on Tavus since you opened it. Nothing was sent.`,
      {
        modal: true,
        detail:
          'Compare shows the server copy beside yours. Overwrite makes the persona exactly your version, undoing the other change.',
      },
      'Compare',
      'Overwrite',
    );
    if (choice === 'Compare') return 'compare';
    return choice === 'Overwrite' ? 'overwrite' : 'cancel';
  }

  async showDiff(title: string, leftText: string, right: vscode.Uri | string): Promise<void> {
    const left = this.previews.create(`${title} (Tavus)`, leftText);
    const rightUri = typeof right === 'string' ? this.previews.create(`${title} (yours)`, right) : right;
    await vscode.commands.executeCommand('vscode.diff', left, rightUri, title, { preview: true });
  }

  /** Opens the diff beside the dialog; returns how to close it again. */
  private async openPreview(preview: ChangePreview): Promise<() => Promise<void>> {
    const title = `${preview.label}: ${changeCount(preview.ops.length)} (Tavus ↔ proposed)`;
    const left = this.previews.create(`${preview.label} (Tavus)`, preview.serverText);
    const right = this.previews.create(`${preview.label} (proposed)`, preview.proposedText);
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, preserveFocus: true });
    return async () => {
      const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
      const tab = tabs.find(
        (t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right.toString(),
      );
      if (tab) await vscode.window.tabGroups.close(tab);
    };
  }
}
