import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import type { TavusApi } from '../tavus/api';

/**
 * The latest server copy of each persona fetched: what stat, tooltips and clean documents show.
 * A document's save is diffed against its own origin (DocumentOrigins), never against this.
 */
export class PersonaStore implements vscode.Disposable {
  private readonly entries = new Map<string, Persona>();
  private readonly inFlight = new Map<string, Promise<Persona>>();
  private readonly fetchedAt = new Map<string, number>();
  private readonly deleted = new Set<string>();
  private readonly baseChanged = new vscode.EventEmitter<string>();
  /** Fires with the persona id whenever its server copy changes. */
  readonly onDidChangeBase = this.baseChanged.event;

  constructor(private readonly api: TavusApi) {}

  get(id: string): Persona | undefined {
    return this.entries.get(id);
  }

  /**
   * The copy a GET brought at most `maxAgeMs` ago, handed out once: reading the persona again
   * later must ask Tavus again.
   */
  takeRecentFetch(id: string, maxAgeMs: number): Persona | undefined {
    const at = this.fetchedAt.get(id);
    this.fetchedAt.delete(id);
    return at !== undefined && Date.now() - at <= maxAgeMs ? this.entries.get(id) : undefined;
  }

  /** GETs the persona; concurrent calls share one request (and the first caller's signal). */
  fetch(id: string, signal?: AbortSignal): Promise<Persona> {
    const pending = this.inFlight.get(id);
    if (pending) return pending;
    const request = this.api
      .getPersona(id, signal)
      .then((persona) => {
        this.fetchedAt.set(id, Date.now());
        this.setBase(id, persona);
        return persona;
      })
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, request);
    return request;
  }

  setBase(id: string, persona: Persona): void {
    const previous = this.entries.get(id);
    this.entries.set(id, persona);
    // Compared as text, key order included: the document shows the server copy as printed.
    if (previous !== undefined && JSON.stringify(previous) !== JSON.stringify(persona)) this.baseChanged.fire(id);
  }

  /** Drops the copy, so the next read fetches one. */
  forget(id: string): void {
    this.entries.delete(id);
    this.fetchedAt.delete(id);
  }

  /** A persona deleted from here: its open documents say so, and saving them offers to create it anew. */
  markDeleted(id: string): void {
    this.deleted.add(id);
    this.forget(id);
  }

  isDeleted(id: string): boolean {
    return this.deleted.has(id);
  }

  /** Another account: nothing fetched for the previous one may serve it. */
  clear(): void {
    this.deleted.clear();
    this.entries.clear();
    this.inFlight.clear();
    this.fetchedAt.clear();
  }

  dispose(): void {
    this.baseChanged.dispose();
  }
}
