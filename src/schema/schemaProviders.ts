import * as vscode from 'vscode';
import { personaCompletionsAt, personaHoverAt, referenceKindAt, type PersonaCandidateKind } from '../core/personaAssist';
import type { ReferenceLists } from '../personas/referenceLists';
import { isSchemaDocument } from '../personas/uri';
import { quickFixesAt, rangeOf } from '../patches/spans';
import type { CursorLocators } from './cursorLocators';
import type { SchemaDiagnostics } from './schemaDiagnostics';

const ITEM_KINDS: Record<PersonaCandidateKind, vscode.CompletionItemKind> = {
  field: vscode.CompletionItemKind.Property,
  layer: vscode.CompletionItemKind.Module,
  value: vscode.CompletionItemKind.EnumMember,
  reference: vscode.CompletionItemKind.Reference,
};

/** Field names, layer snippets, enum values and the account's ids in persona documents. */
export class SchemaCompletions implements vscode.CompletionItemProvider {
  constructor(
    private readonly references: ReferenceLists,
    private readonly locators: CursorLocators,
  ) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const text = document.getText();
    const offset = document.offsetAt(position);
    const locate = this.locators.locatorOf(document);
    const kind = referenceKindAt(text, offset, locate);
    // A failing list resolves too (empty), so completion never waits on an error.
    if (kind !== undefined) await this.references.ensure([kind]);
    return personaCompletionsAt(text, offset, this.references.peek, locate).map((candidate) => {
      const item = new vscode.CompletionItem(candidate.label, ITEM_KINDS[candidate.kind]);
      item.insertText = candidate.isSnippet ? new vscode.SnippetString(candidate.insertText) : candidate.insertText;
      item.range = rangeOf(document, candidate.span);
      item.detail = candidate.detail;
      item.documentation = candidate.documentation ? new vscode.MarkdownString(candidate.documentation) : undefined;
      item.sortText = candidate.sortText;
      item.filterText = candidate.filterText;
      return item;
    });
  }
}

/** The field's meaning, type and values, and for ids the referenced item. */
export class SchemaHovers implements vscode.HoverProvider {
  constructor(
    private readonly references: ReferenceLists,
    private readonly locators: CursorLocators,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const text = document.getText();
    const offset = document.offsetAt(position);
    const locate = this.locators.locatorOf(document);
    const kind = referenceKindAt(text, offset, locate);
    if (kind !== undefined) await this.references.ensure([kind]);
    const hover = personaHoverAt(text, offset, this.references.peek, locate);
    return hover && new vscode.Hover(new vscode.MarkdownString(hover.markdown), hover.span && rangeOf(document, hover.span));
  }
}

/** Near-miss spellings, documented renames, enum values, Tavus's value of a server-owned field. */
export class SchemaCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: SchemaDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    if (!isSchemaDocument(document)) return [];
    return quickFixesAt(document, range, this.diagnostics.problemsOf(document.uri));
  }
}
