import * as vscode from 'vscode';
import type { Services } from '../services';
import { PersonaDocumentSync } from './documentSync';
import { PREVIEW_SCHEME, PreviewDocuments } from './previewDocuments';
import { VsCodeSavePrompts } from './prompts';
import { SavePipeline } from './savePipeline';

export interface SaveServices {
  pipeline: SavePipeline;
  sync: PersonaDocumentSync;
}

export function createSavePipeline(context: vscode.ExtensionContext, services: Services): SaveServices {
  const previews = new PreviewDocuments();
  const sync = new PersonaDocumentSync(services.store);
  const diagnostics = vscode.languages.createDiagnosticCollection('tavus-persona');
  const pipeline = new SavePipeline(services, new VsCodeSavePrompts(previews), sync, diagnostics);
  context.subscriptions.push(
    previews,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    sync,
    diagnostics,
    pipeline,
  );
  return { pipeline, sync };
}
