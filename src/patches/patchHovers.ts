import * as vscode from 'vscode';
import { hoverAt } from '../core/patchHover';
import type { ReferenceLists } from '../personas/referenceLists';
import { isPatchDocument } from './patchDocuments';
import type { PatchTargets } from './patchTargets';
import { rangeOf } from './spans';

/** Shows the target persona's current value for the pointer under the mouse. */
export class PatchHovers implements vscode.HoverProvider {
  constructor(
    private readonly targets: PatchTargets,
    private readonly references?: ReferenceLists,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!isPatchDocument(document)) return undefined;
    const target = await this.targets.forDocument(document);
    const info = hoverAt(document.getText(), document.offsetAt(position), target?.persona, this.references?.peek);
    return info && new vscode.Hover(new vscode.MarkdownString(info.markdown), rangeOf(document, info.span));
  }
}
