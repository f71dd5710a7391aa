import * as vscode from 'vscode';
import { PERSONA_DOCUMENT_SELECTOR } from '../personas/uri';
import type { Services } from '../services';
import { CursorLocators } from './cursorLocators';
import { SchemaDiagnostics } from './schemaDiagnostics';
import { SchemaCodeActions, SchemaCompletions, SchemaHovers } from './schemaProviders';

/** Completion, hover, diagnostics and quick fixes from the persona schema, in persona documents (read-only ones too). */
export function registerSchemaFeatures(
  context: vscode.ExtensionContext,
  { store, origins, references }: Pick<Services, 'store' | 'origins' | 'references'>,
): SchemaDiagnostics {
  const locators = new CursorLocators();
  const diagnostics = new SchemaDiagnostics(store, origins, references, locators);
  context.subscriptions.push(
    locators,
    diagnostics,
    vscode.languages.registerCompletionItemProvider(
      PERSONA_DOCUMENT_SELECTOR,
      new SchemaCompletions(references, locators),
      '"',
      ':',
    ),
    vscode.languages.registerHoverProvider(PERSONA_DOCUMENT_SELECTOR, new SchemaHovers(references, locators)),
    vscode.languages.registerCodeActionsProvider(PERSONA_DOCUMENT_SELECTOR, new SchemaCodeActions(diagnostics), {
      providedCodeActionKinds: SchemaCodeActions.kinds,
    }),
  );
  return diagnostics;
}
