import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { formatPersona } from '../core/personaDocument';
import { isTavusError } from '../tavus/errors';
import { describeError } from '../ui/errors';
import { withSlowProgress } from '../ui/slowProgress';
import type { PersonaCatalog } from './catalog';
import type { PersonaStore } from './store';
import { personaIdFromUri, PERSONA_SCHEME } from './uri';

/**
 * VS Code calls stat() right before readFile(), and Open by ID fetches before opening: a GET
 * made that recently also serves the read.
 */
const READ_REUSE_MS = 2_000;

export interface PersonaSaver {
  save(uri: vscode.Uri, id: string, content: Uint8Array): Promise<void>;
}

/**
 * Persona documents as files. Reading GETs the persona; writing is a save through the save
 * pipeline, and any error thrown from writeFile makes VS Code keep the editor dirty.
 */
export class PersonaFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly openUris = new Map<string, Set<string>>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: PersonaStore,
    private readonly catalog: PersonaCatalog,
    private readonly saver: PersonaSaver,
  ) {
    this.subscription = store.onDidChangeBase((id) => this.fireChanged(id));
  }

  // Changes come from our own saves and refreshes, which fire events directly.
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    // workspace.fs.writeFile stats the parent folder (tavus:/<id>) before writing.
    if (isFolderPath(uri.path)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const id = personaIdFromUri(uri);
    // A cached copy is enough for stat: VS Code stats before every save, and the save pipeline
    // does its own freshness check against the server.
    const persona = this.store.get(id) ?? (await this.load(id));
    const stock = await this.catalog.isStock(id);
    return {
      type: vscode.FileType.File,
      ctime: timestamp(persona.created_at),
      mtime: timestamp(persona.updated_at),
      size: Buffer.byteLength(formatPersona(persona)),
      permissions: stock ? vscode.FilePermission.Readonly : undefined,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const id = personaIdFromUri(uri);
    this.remember(id, uri);
    return Buffer.from(formatPersona(this.store.takeRecentFetch(id, READ_REUSE_MS) ?? (await this.load(id))));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const id = personaIdFromUri(uri);
    if (await this.catalog.isStock(id)) {
      throw vscode.FileSystemError.NoPermissions('Tavus stock personas cannot be edited.');
    }
    await this.saver.save(uri, id, content);
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
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async load(id: string): Promise<Persona> {
    try {
      return await withSlowProgress(`Opening persona ${id}…`, (signal) => this.store.fetch(id, signal));
    } catch (error) {
      if (isTavusError(error) && error.status === 400) {
        throw vscode.FileSystemError.FileNotFound(`Tavus has no persona with id ${id} (${describeError(error)})`);
      }
      throw vscode.FileSystemError.Unavailable(`Could not load persona ${id}: ${describeError(error)}`);
    }
  }

  private remember(id: string, uri: vscode.Uri): void {
    const uris = this.openUris.get(id) ?? new Set<string>();
    uris.add(uri.toString());
    this.openUris.set(id, uris);
  }

  /** Tells VS Code to re-read every document showing this persona (a clean editor then reloads). */
  private fireChanged(id: string): void {
    const uris = this.openUris.get(id);
    if (!uris) return;
    this.changed.fire([...uris].map((uri) => ({ type: vscode.FileChangeType.Changed, uri: vscode.Uri.parse(uri) })));
  }
}

function isFolderPath(path: string): boolean {
  return /^\/[^/]*$/.test(path);
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
