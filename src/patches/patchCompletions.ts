import * as vscode from 'vscode';
import { completionsAt, valueReferenceKindAt, type CandidateKind, type CompletionCandidate } from '../core/patchCompletion';
import type { ReferenceLists } from '../personas/referenceLists';
import { isPatchDocument } from './patchDocuments';
import type { PatchTargets } from './patchTargets';
import { rangeOf } from './spans';

const ITEM_KINDS: Record<CandidateKind, vscode.CompletionItemKind> = {
  pointer: vscode.CompletionItemKind.Field,
  op: vscode.CompletionItemKind.EnumMember,
  value: vscode.CompletionItemKind.Value,
  snippet: vscode.CompletionItemKind.Snippet,
};

/**
 * Prefixed to every sortText: VS Code's word-based suggestions sort by their label, and a space
 * sorts before any character a label starts with, so the persona's own values come first.
 */
const OWN_FIRST = ' ';

/** Completes JSON pointers, op names, whole ops and current values in patch files. */
export class PatchCompletions implements vscode.CompletionItemProvider {
  constructor(
    private readonly targets: PatchTargets,
    private readonly references?: ReferenceLists,
  ) {}

  async provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.CompletionList | undefined> {
    if (!isPatchDocument(document)) return undefined;
    // A target that cannot be fetched still leaves op names and snippets to complete.
    const target = await this.targets.forDocument(document);
    const text = document.getText();
    const offset = document.offsetAt(position);
    const kind = valueReferenceKindAt(text, offset);
    if (kind !== undefined) await this.references?.ensure([kind]);
    const candidates = completionsAt(text, offset, target?.persona, target?.index, this.references?.peek);
    // Incomplete: the next typed segment narrows to a different set of children.
    const items = candidates.map((candidate) => toItem(document, candidate));
    const first = items.reduce<vscode.CompletionItem | undefined>(
      (best, item) => (best && best.sortText! <= item.sortText! ? best : item),
      undefined,
    );
    if (first) first.preselect = true;
    return new vscode.CompletionList(items, true);
  }
}

function toItem(document: vscode.TextDocument, candidate: CompletionCandidate): vscode.CompletionItem {
  const item = new vscode.CompletionItem(candidate.label, ITEM_KINDS[candidate.kind]);
  item.insertText = candidate.isSnippet ? new vscode.SnippetString(candidate.insertText) : candidate.insertText;
  item.range = rangeOf(document, candidate.span);
  item.detail = candidate.detail;
  item.documentation = candidate.documentation ? new vscode.MarkdownString().appendText(candidate.documentation) : undefined;
  item.sortText = `${OWN_FIRST}${candidate.sortText ?? candidate.label}`;
  // The label is the whole pointer, so VS Code's fuzzy filter compares it with the whole typed pointer.
  item.filterText = candidate.label;
  return item;
}
