import * as path from 'path';
import * as vscode from 'vscode';
import { fieldDocumentText, fieldLanguage, type FieldOwner } from '../core/fieldText';
import type { JsonValue, Persona } from '../core/json';
import { personaLabel } from '../core/personaRules';
import { valueAt } from '../core/pointer';
import type { Services } from '../services';
import { fieldUri } from './fieldUri';

/**
 * Opens one string of a persona (or of a patch file's op) as a text document. A value that is
 * not text, or that a text document would change (see fieldTextProblem), is refused with the
 * reason, before any document exists.
 */
export async function openField(
  { store, config, notifier, connections }: Services,
  owner: FieldOwner,
  pointer: string,
  value: JsonValue | undefined,
): Promise<vscode.TextEditor | undefined> {
  const shown = fieldDocumentText(value, pointer);
  if (!shown.ok) {
    void notifier.warning(`${shown.reason}. Edit it in the JSON instead.`);
    return undefined;
  }
  const language = fieldLanguage(pointer, config.fieldText.languages);
  const label =
    owner.kind === 'persona' ? personaName(store.get(owner.id), owner.id) : path.basename(vscode.Uri.parse(owner.file).path);
  const document = await vscode.workspace.openTextDocument(
    fieldUri({ owner, pointer }, label, language, connections.active.name),
  );
  // The extension picks markdown or plain text; any other language from the setting is set on the open document.
  const inLanguage =
    document.languageId === language ? document : await vscode.languages.setTextDocumentLanguage(document, language);
  return vscode.window.showTextDocument(inLanguage, { preview: false });
}

function personaName(persona: Persona | undefined, id: string): string {
  return persona ? personaLabel(persona) : id;
}

/** The value at `pointer` of a persona, fetched when not known yet. */
export async function personaValue({ store }: Services, id: string, pointer: string): Promise<JsonValue | undefined> {
  return valueAt(store.get(id) ?? (await store.fetch(id)), pointer);
}
