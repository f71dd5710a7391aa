import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { buildPointerIndex, type PointerIndex } from '../core/pointer';
import type { TavusApi } from '../tavus/api';
import { patchTargetId } from './patchDocuments';

export interface PatchTarget {
  persona: Persona;
  /** Built once per fetched persona; completion and diagnostics only read it. */
  index: PointerIndex;
}

type TargetState =
  | { kind: 'loading'; done: Promise<PatchTarget>; previous?: PatchTarget }
  | { kind: 'ready'; target: PatchTarget }
  | { kind: 'failed'; error: unknown };

/**
 * The personas patch files aim at, as Tavus has them now: the "shape" that completion and
 * diagnostics follow. Fetched when a file first names one, again after an apply and on refresh.
 * Kept apart from the persona documents' bases, which only their own saves may move.
 */
export class PatchTargets implements vscode.Disposable {
  private readonly states = new Map<string, TargetState>();
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly api: TavusApi) {}

  /** The target if it is loaded; starts loading it otherwise. */
  peek(id: string): PatchTarget | undefined {
    const state = this.states.get(id);
    if (!state) void this.load(id).catch(() => undefined);
    // While it is fetched again, the copy it had still serves completion and diagnostics.
    return state?.kind === 'ready' ? state.target : state?.kind === 'loading' ? state.previous : undefined;
  }

  isLoading(id: string): boolean {
    return this.states.get(id)?.kind === 'loading';
  }

  error(id: string): unknown {
    const state = this.states.get(id);
    return state?.kind === 'failed' ? state.error : undefined;
  }

  async get(id: string): Promise<PatchTarget> {
    const state = this.states.get(id);
    if (state?.kind === 'ready') return state.target;
    if (state?.kind === 'loading') return state.done;
    return this.load(id);
  }

  /** The target of a patch document, or undefined when it names none or it cannot be fetched. */
  async forDocument(document: vscode.TextDocument): Promise<PatchTarget | undefined> {
    const id = patchTargetId(document);
    return id === undefined ? undefined : this.get(id).catch(() => undefined);
  }

  refresh(id: string): Promise<PatchTarget> {
    return this.load(id);
  }

  /** Uses a copy fetched elsewhere (the dry run of an apply) instead of fetching again. */
  set(id: string, persona: Persona): PatchTarget {
    const target = { persona, index: buildPointerIndex(persona) };
    this.states.set(id, { kind: 'ready', target });
    this.changed.fire(id);
    return target;
  }

  /** Another account: its targets are not this one's. */
  clear(): void {
    const ids = [...this.states.keys()];
    this.states.clear();
    for (const id of ids) this.changed.fire(id);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private load(id: string): Promise<PatchTarget> {
    const before = this.states.get(id);
    const previous = before?.kind === 'ready' ? before.target : before?.kind === 'loading' ? before.previous : undefined;
    const done = this.api.getPersona(id).then(
      (persona) => this.set(id, persona),
      (error: unknown) => {
        this.states.set(id, { kind: 'failed', error });
        this.changed.fire(id);
        throw error;
      },
    );
    this.states.set(id, { kind: 'loading', done, previous });
    // Shows in the CodeLens that the target is being fetched.
    this.changed.fire(id);
    return done;
  }
}
