import * as vscode from 'vscode';
import type { WriteSource } from '../core/historyEntry';
import type { Persona } from '../core/json';
import { formatFirstProblem, parseJsonObjectText } from '../core/parseJsonText';
import { describeSecretNotes, secretFieldNotes, serverOwnedInDraft } from '../core/personaLifecycle';
import { formatPersona } from '../core/personaDocument';
import { personaId, personaLabel } from '../core/personaRules';
import { touchDuringWrite } from '../save/keepDirty';
import { personaUri } from '../personas/uri';
import type { Services } from '../services';
import { refusedForOtherConnection } from '../connections/guard';

/** What creating and deleting use of the services, built before the rest of them. */
export type LifecycleNeeds = Pick<Services, 'catalog' | 'connections' | 'store' | 'tree' | 'notifier'>;
import type { PatchTransaction, WriteAction } from '../transaction/patchTransaction';
import type { Draft, DraftFileSystem, DraftOrigin, DraftWriter } from './drafts';
import { openEditor } from '../ui/openEditor';

const CREATE: WriteAction = { done: 'Created', doing: 'Creating', kept: 'The draft keeps its text.' };
const FROM_FILE: WriteAction = { done: 'Created', doing: 'Creating', kept: 'The file is unchanged.' };
const RESTORE: WriteAction = { done: 'Restored', doing: 'Restoring', kept: 'The backup is kept.' };

export type CreateResult =
  | { kind: 'created'; id: string; persona: Persona }
  | { kind: 'notCreated'; reason: 'invalid' | 'serverOwned' | 'cancelled' | 'failed' | 'conflict' | 'otherConnection' };

/** How one create from a draft ended; a test seam. */
export interface DraftEvent {
  uri: vscode.Uri;
  result: CreateResult;
}

/**
 * Creating personas: a draft document holds the body; sending it is a create through the patch
 * transaction (preview with Create, POST, read back, verify), after which the draft closes, the
 * new persona's document opens, and the tree shows and selects it.
 */
export class PersonaCreator implements DraftWriter, vscode.Disposable {
  private readonly finished = new vscode.EventEmitter<DraftEvent>();
  readonly onDidFinishDraft = this.finished.event;

  constructor(
    private readonly services: LifecycleNeeds,
    private readonly transaction: PatchTransaction,
    private readonly drafts: DraftFileSystem,
  ) {}

  /** Opens a draft holding `body`; nothing is sent until it is saved. */
  async openDraft(body: Persona, origin: DraftOrigin): Promise<vscode.TextEditor> {
    const draft = this.drafts.add(body, origin, secretFieldNotes(body), this.services.connections.active.name);
    return vscode.window.showTextDocument(draft.uri, { preview: false });
  }

  /** Create Persona on Tavus (and Ctrl+S) on a draft. */
  async createFromDraft(document: vscode.TextDocument): Promise<CreateResult> {
    const result = await this.sendDraft(document, document.getText());
    if (result.kind === 'created') await this.closeDraft(document);
    return result;
  }

  /** VS Code's own save of a draft: what is not created stays dirty, without VS Code's "Failed to save". */
  async writeDraft(document: vscode.TextDocument, text: string): Promise<void> {
    const result = await this.sendDraft(document, text);
    if (result.kind !== 'created') return touchDuringWrite(document);
    const saved = vscode.workspace.onDidSaveTextDocument((done) => {
      if (done.uri.toString() !== document.uri.toString()) return;
      saved.dispose();
      void this.closeTab(document.uri);
    });
  }

  /** Creates `body` directly, with the preview (Restore). */
  async createBody(body: Persona, source: WriteSource): Promise<CreateResult> {
    const result = await this.create(
      body,
      source,
      formatPersona(body),
      describeSecretNotes(secretFieldNotes(body)),
      RESTORE,
      () => this.createBody(body, source),
    );
    return result;
  }

  /** Push Persona File of a file that names no persona for the connection yet. */
  createFromFile(body: Persona, file: vscode.Uri, problems: string[], retry: () => unknown): Promise<CreateResult> {
    return this.create(body, { kind: 'create', name: file.toString() }, file, problems, FROM_FILE, retry);
  }

  dispose(): void {
    this.finished.dispose();
  }

  private async sendDraft(document: vscode.TextDocument, text: string): Promise<CreateResult> {
    const draft = this.drafts.get(document.uri);
    if (!draft) return { kind: 'notCreated', reason: 'failed' };
    const result = await this.checkAndCreate(draft, document, text);
    if (result.kind === 'created') {
      draft.createdAs = result.id;
      draft.text = text;
    }
    this.finished.fire({ uri: document.uri, result });
    return result;
  }

  private async checkAndCreate(draft: Draft, document: vscode.TextDocument, text: string): Promise<CreateResult> {
    const { notifier, connections } = this.services;
    if (refusedForOtherConnection(document.uri, connections, notifier)) return { kind: 'notCreated', reason: 'otherConnection' };
    const parsed = parseJsonObjectText(text);
    if (!parsed.ok) {
      void notifier.error(`Not created: the draft is not valid JSON (${formatFirstProblem(parsed.problems)}). ${CREATE.kept}`);
      return { kind: 'notCreated', reason: 'invalid' };
    }
    const owned = serverOwnedInDraft(parsed.value);
    if (owned.length > 0) {
      const fields = `${owned.join(', ')} ${owned.length === 1 ? 'is' : 'are'}`;
      void notifier.error(
        `Not created: ${fields} set by Tavus; remove ${owned.length === 1 ? 'it' : 'them'} from the draft. ${CREATE.kept}`,
      );
      return { kind: 'notCreated', reason: 'serverOwned' };
    }
    const problems = describeSecretNotes(secretFieldNotes(parsed.value));
    const source: WriteSource = { kind: draft.origin.kind, name: draft.origin.name };
    return this.create(parsed.value, source, document.uri, problems, CREATE, () => this.createFromDraft(document));
  }

  private async create(
    body: Persona,
    source: WriteSource,
    yours: vscode.Uri | string,
    problems: string[],
    action: WriteAction,
    retry: () => unknown,
  ): Promise<CreateResult> {
    const { catalog, store, tree } = this.services;
    const outcome = await this.transaction.run({
      kind: 'create',
      id: '',
      label: personaLabel(body),
      action,
      origin: {},
      edited: body,
      yours,
      problems,
      retry,
      source,
      knownIds: () =>
        new Set(
          catalog
            .personas()
            .map(personaId)
            .filter((id): id is string => id !== undefined),
        ),
    });
    if (outcome.kind !== 'applied') return { kind: 'notCreated', reason: outcome.kind };
    const id = personaId(outcome.persona) ?? '';
    store.setBase(id, outcome.persona);
    catalog.add(outcome.persona);
    await openEditor(personaUri(id, personaLabel(outcome.persona), this.services.connections.active.name), { preview: false });
    await tree.reveal(id);
    return { kind: 'created', id, persona: outcome.persona };
  }

  /** Its text is on Tavus now: saved into the draft (so closing asks nothing), then closed. */
  private async closeDraft(document: vscode.TextDocument): Promise<void> {
    if (document.isDirty) await document.save();
    await this.closeTab(document.uri);
  }

  private async closeTab(uri: vscode.Uri): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    const tab = tabs.find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
    if (tab) await vscode.window.tabGroups.close(tab);
  }
}
