import * as vscode from 'vscode';
import type { WriteKind } from '../core/historyEntry';
import type { Persona } from '../core/json';
import { formatPersona } from '../core/personaDocument';
import type { SecretFieldNote } from '../core/personaLifecycle';

export const DRAFT_SCHEME = 'tavus-draft';

/** How a draft came about; the push history names the create after it. */
export interface DraftOrigin {
  kind: Extract<WriteKind, 'create' | 'duplicate'>;
  /** "blank", "copy of Onboarding Guide (p3a9…)", a file's path. */
  name: string;
}

export interface Draft {
  uri: vscode.Uri;
  text: string;
  origin: DraftOrigin;
  /** Secret fields of the source that came back masked or empty. */
  secrets: SecretFieldNote[];
  /** Set once Tavus created it: the last save only empties the editor's dirty state. */
  createdAs?: string;
}

/** Handles VS Code's own saves of a draft (Save All, closing with Save): they create the persona too. */
export interface DraftWriter {
  writeDraft(document: vscode.TextDocument, text: string): Promise<void>;
}

/**
 * Drafts of new personas: virtual documents holding the body a create will POST, until Tavus
 * has it. Their path sits under `/persona/` so they get the persona language (auto-save off,
 * schema completion) like persona documents, and their name says they are not on Tavus yet.
 */
export class DraftFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly drafts = new Map<string, Draft>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private counter = 0;
  writer: DraftWriter | undefined;

  /** The draft is of one connection (its URI authority), and is created on that one only. */
  add(body: Persona, origin: DraftOrigin, secrets: SecretFieldNote[], connection: string): Draft {
    const name = typeof body.persona_name === 'string' && body.persona_name.trim() ? body.persona_name.trim() : 'New Persona';
    const file = `${name.replace(/[\\/:*?"<>|\p{Cc}]/gu, '-').slice(0, 80)} (draft, not on Tavus).json`;
    const uri = vscode.Uri.from({
      scheme: DRAFT_SCHEME,
      authority: connection,
      path: `/persona/draft-${++this.counter}/${file}`,
    });
    const draft: Draft = { uri, text: formatPersona(body), origin, secrets };
    this.drafts.set(uri.toString(), draft);
    return draft;
  }

  get(uri: vscode.Uri): Draft | undefined {
    return this.drafts.get(uri.toString());
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const draft = this.drafts.get(uri.toString());
    if (!draft) {
      if (/^\/persona(\/[^/]*)?$/.test(uri.path) || uri.path === '/') {
        return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
      }
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: Buffer.byteLength(draft.text) };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const draft = this.drafts.get(uri.toString());
    if (!draft) throw vscode.FileSystemError.FileNotFound(uri);
    return Buffer.from(draft.text);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const draft = this.drafts.get(uri.toString());
    if (!draft) throw vscode.FileSystemError.NoPermissions('This draft is no longer open; start a new persona again.');
    const text = new TextDecoder().decode(content);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (draft.createdAs !== undefined || !document || !this.writer) {
      draft.text = text;
      return;
    }
    await this.writer.writeDraft(document, text);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Drafts cannot hold folders.');
  }

  delete(uri: vscode.Uri): void {
    this.drafts.delete(uri.toString());
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Name a new persona by editing its persona_name.');
  }

  dispose(): void {
    this.changed.dispose();
    this.drafts.clear();
  }
}
