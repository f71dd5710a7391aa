import * as vscode from 'vscode';
import { refuseOtherConnection, type ActiveConnection } from '../connections/guard';
import type { Persona } from '../core/json';
import { formatPersona } from '../core/personaDocument';
import { isTavusError } from '../tavus/errors';
import { describeError } from '../ui/errors';
import { withSlowProgress } from '../ui/slowProgress';
import type { PersonaCatalog } from './catalog';
import type { DocumentOrigins } from './origins';
import type { PersonaStore } from './store';
import { connectionOfUri, PERSONA_SCHEME, personaIdFromUri } from './uri';

/**
 * VS Code calls stat() right before readFile(), and Open by ID fetches before opening: a GET
 * made that recently also serves the read.
 */
const READ_REUSE_MS = 2_000;

/** How a write VS Code started itself (Save All, closing with Save, auto-save) is handled. */
export interface PersonaWriter {
  write(document: vscode.TextDocument, text: string): Promise<void>;
}

/**
 * Persona documents as files. Reading GETs the persona and makes it the document's origin;
 * writing hands the text to the save flow, which reports every outcome itself.
 */
export class PersonaFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(
    private readonly store: PersonaStore,
    private readonly catalog: PersonaCatalog,
    private readonly origins: DocumentOrigins,
    private readonly writer: PersonaWriter,
    private readonly connections: ActiveConnection,
  ) {}

  // Documents are refreshed by the document sync, which replaces their text directly.
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    // workspace.fs.writeFile stats the parent folders (tavus:/persona/<id>) before writing.
    if (isFolderPath(uri.path)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    refuseOtherConnection(uri, this.connections);
    const id = personaIdFromUri(uri);
    const persona = this.origins.get(uri) ?? this.store.get(id) ?? (await this.load(id));
    const stock = await this.catalog.isStock(id);
    return {
      type: vscode.FileType.File,
      ctime: timestamp(persona.created_at),
      // Never moves: saves check freshness against the document's origin themselves, and an mtime
      // that advanced (updated_at after a save, or a change elsewhere) makes VS Code refuse the
      // next save with its own "file is newer" dialog, or re-read the file behind our back.
      mtime: 0,
      size: Buffer.byteLength(formatPersona(persona)),
      permissions: stock ? vscode.FilePermission.Readonly : undefined,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    refuseOtherConnection(uri, this.connections);
    const id = personaIdFromUri(uri);
    const persona = this.store.takeRecentFetch(id, READ_REUSE_MS) ?? (await this.load(id));
    // Something may read the file while its document is dirty; only a document's own loads move its origin.
    if (!openDocument(uri)?.isDirty) this.origins.set(uri, persona);
    return Buffer.from(formatPersona(persona));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const text = new TextDecoder().decode(content);
    const origin = this.origins.get(uri);
    // The document sync saves a document whose text is exactly its origin: nothing to send.
    if (origin && text === formatPersona(origin)) return;
    // Another connection's document goes to the saver, which refuses it and keeps it dirty, asking nothing of this one.
    if (this.isActive(uri) && (await this.catalog.isStock(personaIdFromUri(uri)))) {
      throw vscode.FileSystemError.NoPermissions('Tavus stock personas cannot be edited.');
    }
    const document = openDocument(uri);
    if (!document) throw vscode.FileSystemError.NoPermissions('Persona documents are saved from their editor.');
    await this.writer.write(document, text);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Personas cannot hold folders.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Personas cannot be deleted from the editor; delete it on the Tavus dashboard.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Rename a persona by editing its persona_name.');
  }

  dispose(): void {
    this.changed.dispose();
  }

  private isActive(uri: vscode.Uri): boolean {
    return connectionOfUri(uri) === this.connections.active.name;
  }

  /** Fetches the persona for a read, with slow progress, failing as a file system read fails. Field documents read through it too. */
  async load(id: string): Promise<Persona> {
    try {
      return await withSlowProgress(`Opening persona ${id}…`, (signal) => this.store.fetch(id, signal));
    } catch (error) {
      if (isTavusError(error) && error.status === 400) {
        throw vscode.FileSystemError.FileNotFound(`Tavus has no persona with id ${id} (${describeError(error)})`);
      }
      throw vscode.FileSystemError.Unavailable(`Could not load persona ${id}: ${describeError(error)}`);
    }
  }
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
}

function isFolderPath(path: string): boolean {
  return /^\/persona(\/[^/]*)?$/.test(path) || path === '/';
}

function timestamp(value: unknown): number {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(time) ? 0 : time;
}

export function registerPersonaFileSystem(context: vscode.ExtensionContext, fileSystem: PersonaFileSystem): void {
  context.subscriptions.push(
    fileSystem,
    vscode.workspace.registerFileSystemProvider(PERSONA_SCHEME, fileSystem, { isCaseSensitive: true }),
  );
}
