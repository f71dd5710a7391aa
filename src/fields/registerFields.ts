import * as vscode from 'vscode';
import { fieldDocumentText } from '../core/fieldText';
import type { Persona } from '../core/json';
import { valueAt } from '../core/pointer';
import { patchDocumentSelector } from '../patches/patchDocuments';
import type { PersonaFileSystem } from '../personas/fileSystem';
import { forgetOriginsOnClose } from '../personas/personaDocuments';
import { PERSONA_SCHEME } from '../personas/uri';
import type { SaveServices } from '../save/registerSaving';
import type { Services } from '../services';
import { FieldCodeLenses } from './fieldCodeLenses';
import { FieldFileSystem, registerFieldFileSystem } from './fieldFileSystem';
import { FieldSaver } from './fieldSaver';
import { FieldStatusBar } from './fieldStatusBar';
import { fieldLocationOf, fieldPersonaId } from './fieldUri';

export interface FieldServices {
  saver: FieldSaver;
  statusBar: FieldStatusBar;
}

/** Field documents: their file system, saving through the patch transaction, the lenses that open them, their size. */
export function registerFields(
  context: vscode.ExtensionContext,
  services: Pick<Services, 'store' | 'catalog' | 'origins' | 'notifier' | 'log' | 'config' | 'connections'>,
  save: SaveServices,
  personaFiles: PersonaFileSystem,
): FieldServices {
  const { store, catalog, origins, notifier, log, config } = services;
  const saver = new FieldSaver(store, catalog, origins, save.transaction, save.sync, notifier, log, services.connections);
  save.sync.addView({
    personaId: fieldPersonaId,
    text: (uri, origin) => shownFieldText(origin, fieldLocationOf(uri)?.pointer),
  });
  registerFieldFileSystem(context, new FieldFileSystem(store, catalog, origins, personaFiles, saver, services.connections));
  const statusBar = new FieldStatusBar(config);
  const lenses = new FieldCodeLenses();
  context.subscriptions.push(
    saver,
    statusBar,
    forgetOriginsOnClose(origins, (uri) => fieldPersonaId(uri) !== undefined),
    lenses,
    vscode.languages.registerCodeLensProvider([{ scheme: PERSONA_SCHEME }, ...patchSelectors()], lenses),
  );
  return { saver, statusBar };
}

function patchSelectors(): vscode.DocumentFilter[] {
  const selector = patchDocumentSelector();
  return (Array.isArray(selector) ? selector : [selector]) as vscode.DocumentFilter[];
}

/** The field as its document shows it; undefined when the persona has no text there a document could hold. */
function shownFieldText(origin: Persona, pointer: string | undefined): string | undefined {
  if (pointer === undefined) return undefined;
  const shown = fieldDocumentText(valueAt(origin, pointer), pointer);
  return shown.ok ? shown.text : undefined;
}
