import * as vscode from 'vscode';
import { otherConnectionProblem, refuseOtherConnection, type ActiveConnection } from '../connections/guard';
import { stringLiteralAt } from '../core/fieldLenses';
import { fieldDocumentText, fieldTextIn, jsonStringLiteral, type FieldLocation } from '../core/fieldText';
import type { JsonValue, Persona } from '../core/json';
import { parsePointer, valueAt } from '../core/pointer';
import type { PersonaCatalog } from '../personas/catalog';
import type { PersonaFileSystem, PersonaWriter } from '../personas/fileSystem';
import type { DocumentOrigins } from '../personas/origins';
import type { PersonaStore } from '../personas/store';
import { FIELD_SCHEME, fieldLocationOf } from './fieldUri';

/** VS Code calls stat() right before readFile(); a GET made that recently also serves the read. */
const READ_REUSE_MS = 2_000;

/**
 * Field documents as files. A persona's field reads the persona and makes it the document's
 * origin, as a persona document does; writing hands the text to the field saver, which sends
 * one `replace` through the patch transaction. A patch file's field reads and writes the
 * string literal in the patch file itself.
 */
export class FieldFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(
    private readonly store: PersonaStore,
    private readonly catalog: PersonaCatalog,
    private readonly origins: DocumentOrigins,
    private readonly personas: PersonaFileSystem,
    private readonly writer: PersonaWriter,
    private readonly connections: ActiveConnection,
  ) {}

  // Documents are refreshed by the document sync, which replaces their text directly.
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const location = fieldLocationOf(uri);
    if (!location) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const text = await this.read(uri, location, false);
    const stock = location.owner.kind === 'persona' && (await this.catalog.isStock(location.owner.id));
    // mtime never moves, for the reason PersonaFileSystem.stat gives.
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: 0,
      size: Buffer.byteLength(text),
      permissions: stock ? vscode.FilePermission.Readonly : undefined,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const location = fieldLocationOf(uri);
    if (!location) throw vscode.FileSystemError.FileNotFound(uri);
    return Buffer.from(await this.read(uri, location, true));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const location = fieldLocationOf(uri);
    if (!location) throw vscode.FileSystemError.FileNotFound(uri);
    const text = new TextDecoder().decode(content);
    const { owner, pointer } = location;
    if (owner.kind === 'patchFile') return writePatchFileValue(vscode.Uri.parse(owner.file), pointer, text);
    const origin = this.origins.get(uri);
    // The document sync saves a document whose text is exactly its origin's field: nothing to send.
    if (origin && text === fieldTextIn(origin, pointer)) return;
    // Another connection's field goes to the saver, which refuses it and keeps it dirty, asking nothing of this one.
    const active = otherConnectionProblem(uri, this.connections) === undefined;
    if (active && (await this.catalog.isStock(owner.id))) {
      throw vscode.FileSystemError.NoPermissions('Tavus stock personas cannot be edited.');
    }
    const document = openDocument(uri);
    if (!document) throw vscode.FileSystemError.NoPermissions('Field documents are saved from their editor.');
    await this.writer.write(document, text);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Fields cannot hold folders.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(
      'A field cannot be deleted from its text document; remove it in the persona document.',
    );
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('A field cannot be renamed.');
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** The field's text; a read for the document (`adopt`) also makes the persona the document's origin. */
  private async read(uri: vscode.Uri, location: FieldLocation, adopt: boolean): Promise<string> {
    if (location.owner.kind === 'patchFile') return readPatchFileValue(vscode.Uri.parse(location.owner.file), location.pointer);
    refuseOtherConnection(uri, this.connections);
    const { id } = location.owner;
    const persona = adopt
      ? await this.recentOrLoad(id)
      : (this.origins.get(uri) ?? this.store.get(id) ?? (await this.personas.load(id)));
    const text = shownText(valueAt(persona, location.pointer), location.pointer);
    // Something may read the file while its document is dirty; only a document's own loads move its origin.
    if (adopt && !openDocument(uri)?.isDirty) this.origins.set(uri, persona);
    return text;
  }

  /**
   * A fetch made just now serves the read, unless a save has replaced it since: VS Code reads a
   * field document again right after saving it, and the copy fetched before the save would undo it.
   */
  private async recentOrLoad(id: string): Promise<Persona> {
    const recent = this.store.takeRecentFetch(id, READ_REUSE_MS);
    return recent !== undefined && recent === this.store.get(id) ? recent : this.personas.load(id);
  }
}

/** The field as a document shows it; a field that is not text, or that text would change, cannot be read. */
function shownText(value: JsonValue | undefined, pointer: string): string {
  const shown = fieldDocumentText(value, pointer);
  if (!shown.ok) throw vscode.FileSystemError.Unavailable(`${shown.reason}.`);
  return shown.text;
}

async function readPatchFileValue(file: vscode.Uri, pointer: string): Promise<string> {
  const document = await vscode.workspace.openTextDocument(file);
  return shownText(stringLiteralAt(document.getText(), parsePointer(pointer))?.value, pointer);
}

/** Puts the text back into the patch file as a JSON string literal; a patch file that was saved is saved again. */
async function writePatchFileValue(file: vscode.Uri, pointer: string, text: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(file);
  const literal = stringLiteralAt(document.getText(), parsePointer(pointer));
  if (!literal) throw vscode.FileSystemError.Unavailable(`The patch file has no text value at ${pointer} any more.`);
  const wasDirty = document.isDirty;
  const range = new vscode.Range(document.positionAt(literal.offset), document.positionAt(literal.offset + literal.length));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(file, range, jsonStringLiteral(text));
  if (!(await vscode.workspace.applyEdit(edit))) throw vscode.FileSystemError.Unavailable('The patch file could not be edited.');
  if (!wasDirty) await document.save();
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
}

export function registerFieldFileSystem(context: vscode.ExtensionContext, fileSystem: FieldFileSystem): void {
  context.subscriptions.push(
    fileSystem,
    vscode.workspace.registerFileSystemProvider(FIELD_SCHEME, fileSystem, { isCaseSensitive: true }),
  );
}
