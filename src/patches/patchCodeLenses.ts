import * as vscode from 'vscode';
import { personaLabel } from '../core/personaRules';
import { isPatchDocument, patchTargetId } from './patchDocuments';
import type { PatchTargets } from './patchTargets';

/** On the header line: which persona the file targets, and the two things to do with it. */
export class PatchCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly targets: PatchTargets) {
    this.subscription = targets.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isPatchDocument(document)) return [];
    const id = patchTargetId(document);
    const line = document.lineAt(0).range;
    if (id === undefined) {
      return [
        new vscode.CodeLens(line, {
          title: 'Choose Target Persona…',
          command: 'tavus.changePatchTarget',
          arguments: [document.uri],
        }),
      ];
    }
    const target = this.targets.peek(id);
    const name = this.targets.isLoading(id)
      ? `$(loading~spin) fetching ${target ? personaLabel(target.persona) : id}…`
      : target
        ? `$(person) ${personaLabel(target.persona)}`
        : this.targets.error(id)
          ? '$(warning) persona not loaded'
          : '$(loading~spin) loading…';
    return [
      new vscode.CodeLens(line, {
        title: name,
        command: 'tavus.refreshPatchTarget',
        arguments: [document.uri],
        tooltip: `Persona ${id}: click to fetch it again`,
      }),
      new vscode.CodeLens(line, { title: 'Change Target…', command: 'tavus.changePatchTarget', arguments: [document.uri] }),
      new vscode.CodeLens(line, { title: 'Apply Patch File', command: 'tavus.applyPatchFile', arguments: [document.uri] }),
    ];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
