import * as vscode from 'vscode';
import { PERSONA_DOCUMENT_SELECTOR } from '../personas/uri';
import type { Services } from '../services';
import { SchemaDiagnostics } from './schemaDiagnostics';
import { SchemaCodeActions, SchemaCompletions, SchemaHovers } from './schemaProviders';

/** Completion, hover, diagnostics and quick fixes from the persona schema, in persona documents (read-only ones too). */
export function registerSchemaFeatures(
  context: vscode.ExtensionContext,
  { store, origins, references }: Services,
): SchemaDiagnostics {
  const diagnostics = new SchemaDiagnostics(store, origins, references);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCompletionItemProvider(PERSONA_DOCUMENT_SELECTOR, new SchemaCompletions(references), '"', ':'),
    vscode.languages.registerHoverProvider(PERSONA_DOCUMENT_SELECTOR, new SchemaHovers(references)),
    vscode.languages.registerCodeActionsProvider(PERSONA_DOCUMENT_SELECTOR, new SchemaCodeActions(diagnostics), {
      providedCodeActionKinds: SchemaCodeActions.kinds,
    }),
  );
  return diagnostics;
}
