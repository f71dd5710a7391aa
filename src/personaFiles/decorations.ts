import * as vscode from 'vscode';
import type { Connections } from '../connections/connections';
import type { Persona } from '../core/json';
import { fileIdFor } from '../core/personaFile';
import { bodyFingerprint, personaFileState, STATE_LOOKS, tavusAsFileBody, type PersonaFileState } from '../core/personaFileState';
import { Limiter } from '../core/limited';
import type { PersonaStore } from '../personas/store';
import type { PersonaFileBases } from './bases';
import { isPersonaFileUri } from './personaFileTarget';
import { readPersonaFile } from './workspaceFiles';

/** How often the Explorer's states are checked against Tavus while the window has focus. */
const REFRESH_MS = 60_000;
/** GETs at a time during a refresh: a workspace full of persona files must not flood Tavus. */
const READS_AT_ONCE = 4;

/**
 * The Explorer's marks on persona files: in sync, local changes, changed on Tavus, both. VS Code
 * asks for the files it shows; those are the ones kept and refreshed (on save, after a pull or
 * push, and on a timer while the window has focus).
 */
export class PersonaFileDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly states = new Map<string, PersonaFileState | undefined>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly settled = new vscode.EventEmitter<void>();
  /** Fires after each refresh; a test seam. */
  readonly onDidRefresh = this.settled.event;
  /** VS Code asks for each file it shows on its own: the limit must hold across those calls. */
  private readonly reads = new Limiter(READS_AT_ONCE);
  private readonly timer = setInterval(() => {
    if (vscode.window.state.focused) void this.refresh({ fromTavus: true });
  }, REFRESH_MS);

  constructor(
    private readonly store: PersonaStore,
    private readonly bases: PersonaFileBases,
    private readonly connections: Pick<Connections, 'active'>,
  ) {}

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (!isPersonaFileUri(uri)) return undefined;
    const key = uri.toString();
    if (!this.states.has(key)) {
      this.states.set(key, undefined);
      void this.refresh({ uris: [uri], fromTavus: false });
      return undefined;
    }
    const state = this.states.get(key);
    return state === undefined ? undefined : decorationFor(state, this.connections.active.name);
  }

  /** The state a file was last shown with; a test seam. */
  stateOf(uri: vscode.Uri): PersonaFileState | undefined {
    return this.states.get(uri.toString());
  }

  /**
   * Recomputes the states of `uris` (by default every file shown so far). `fromTavus` reads each
   * persona again; otherwise the store's copy serves when it has one.
   */
  async refresh(options: { uris?: readonly vscode.Uri[]; fromTavus: boolean }): Promise<void> {
    const uris = options.uris ?? [...this.states.keys()].map((key) => vscode.Uri.parse(key));
    const reads = new Map<string, Promise<Persona>>();
    const read = (id: string): Promise<Persona> => {
      const cached = options.fromTavus ? undefined : this.store.get(id);
      if (cached) return Promise.resolve(cached);
      const pending = reads.get(id) ?? this.reads.run(() => this.store.fetch(id));
      reads.set(id, pending);
      return pending;
    };
    const updated: vscode.Uri[] = [];
    await Promise.all(
      uris.map(async (uri) => {
        const state = await this.compute(uri, read).catch(() => undefined);
        if (state === this.states.get(uri.toString())) return;
        this.states.set(uri.toString(), state);
        updated.push(uri);
      }),
    );
    if (updated.length > 0) this.changed.fire(updated);
    this.settled.fire();
  }

  /** Forgets every state (another account); VS Code asks again for the files it shows. */
  reset(): void {
    this.states.clear();
    // undefined, not []: VS Code asks again for every file's decoration only when given no list.
    this.changed.fire(undefined);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.changed.dispose();
    this.settled.dispose();
  }

  private async compute(uri: vscode.Uri, read: (id: string) => Promise<Persona>): Promise<PersonaFileState | undefined> {
    const parsed = await readPersonaFile(uri);
    if (!parsed?.ok) return undefined;
    const { file } = parsed;
    const connection = this.connections.active.name;
    const id = fileIdFor(file, connection);
    const fileFingerprint = bodyFingerprint(file.body);
    const base = this.bases.get(uri, connection);
    if (!id.ok) return personaFileState({ file: fileFingerprint, tavus: undefined, base });
    const tavus = bodyFingerprint(tavusAsFileBody(await read(id.id), file, connection));
    return personaFileState({ file: fileFingerprint, tavus, base });
  }
}

function decorationFor(state: PersonaFileState, connection: string): vscode.FileDecoration {
  const look = STATE_LOOKS[state];
  const decoration = new vscode.FileDecoration(
    look.badge,
    `${look.tooltip} (connection "${connection}")`,
    look.color === undefined ? undefined : new vscode.ThemeColor(look.color),
  );
  decoration.propagate = false;
  return decoration;
}
