import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { diffFileWithTavus, fileIdFor, parsePersonaFile, resolveReferences, type PersonaFile } from '../core/personaFile';
import { withConnectionId } from '../core/personaFileHeader';
import { bodyFingerprint, tavusAsFileBody } from '../core/personaFileState';
import { serverOwnedInDraft } from '../core/personaLifecycle';
import { personaLabel } from '../core/personaRules';
import type { LifecycleServices } from '../lifecycle/createLifecycle';
import type { Services } from '../services';
import type { TavusApi } from '../tavus/api';
import type { PatchTransaction, WriteAction } from '../transaction/patchTransaction';
import { showTavusError } from '../ui/errors';
import { withSlowProgress } from '../ui/slowProgress';
import type { PersonaFileBases } from './bases';
import { fileName } from './personaFileTarget';
import { writePersonaFile } from './workspaceFiles';

/** Where a push goes: the connection whose id the file names, and that connection's client and transaction. */
export interface PushTarget {
  connection: string;
  api: TavusApi;
  transaction: PatchTransaction;
}

export type PushResult =
  { kind: 'applied'; id: string } | { kind: 'created'; id: string } | { kind: 'noChanges'; id: string } | { kind: 'notPushed' };

const PUSH: WriteAction = { done: 'Pushed', doing: 'Pushing', kept: 'The file is unchanged.' };

type PusherNeeds = Pick<Services, 'notifier' | 'log' | 'store' | 'catalog' | 'connections'> & {
  lifecycle: Pick<LifecycleServices, 'creator'>;
};

/**
 * Push Persona File: the file's fields (secrets resolved from the environment) diffed against
 * Tavus's copy, then the one patch transaction (preview with Apply, freshness, guarded PATCH,
 * re-read, verify). A file naming no persona for the connection is a create through the lifecycle
 * creator, and the new id is recorded in the file.
 */
export class PersonaFilePusher {
  private readonly pushed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with the file after a push or create that reached Tavus. */
  readonly onDidPush = this.pushed.event;

  constructor(
    private readonly services: PusherNeeds,
    private readonly bases: PersonaFileBases,
  ) {}

  async push(document: vscode.TextDocument, target: PushTarget): Promise<PushResult> {
    const parsed = parsePersonaFile(document.getText());
    if (!parsed.ok) return this.refuse(document, parsed.message);
    const { file } = parsed;
    const resolved = resolveReferences(file, process.env);
    if (!resolved.ok) return this.refuse(document, resolved.message);
    this.services.log.addSecrets(resolved.secrets);
    const problems = file.clearSecrets.map(
      (pointer) => `${pointer} is written in clear in the file; write it as \${env:NAME} so the key stays out of the workspace.`,
    );
    const id = fileIdFor(file, target.connection);
    if (!id.ok) return this.create(document, file, resolved.body, target, problems);
    let current: Persona;
    try {
      current = await withSlowProgress(`Reading persona ${id.id}…`, (signal) => target.api.getPersona(id.id, signal));
    } catch (error) {
      await showTavusError(this.services.notifier, `read persona ${id.id} from Tavus`, error, {
        retry: () => this.push(document, target),
      });
      return { kind: 'notPushed' };
    }
    const label = personaLabel(current);
    const { edited, ops } = diffFileWithTavus(current, resolved.body);
    if (ops.length === 0) {
      this.services.notifier.status(`No changes: "${label}" (${id.id}) matches ${fileName(document.uri)}.`);
      await this.recordBase(document.uri, file, target.connection, current);
      return { kind: 'noChanges', id: id.id };
    }
    const outcome = await target.transaction.run({
      id: id.id,
      label,
      action: PUSH,
      origin: current,
      edited,
      ops,
      yours: document.uri,
      problems,
      retry: () => this.push(document, target),
      source: { kind: 'save', name: document.uri.toString() },
    });
    if (outcome.kind !== 'applied') return { kind: 'notPushed' };
    if (target.connection === this.services.connections.active.name) {
      this.services.store.setBase(id.id, outcome.persona);
      this.services.catalog.update(outcome.persona);
    }
    await this.recordBase(document.uri, file, target.connection, outcome.persona);
    return { kind: 'applied', id: id.id };
  }

  /** The create preview (its button reads Create) is the offer; the new id then goes into the file. */
  private async create(
    document: vscode.TextDocument,
    file: PersonaFile,
    body: Persona,
    target: PushTarget,
    problems: string[],
  ): Promise<PushResult> {
    const active = this.services.connections.active.name;
    if (target.connection !== active) {
      // The lifecycle creator writes through the active connection's client and store.
      return this.refuse(
        document,
        `the file names no persona for connection "${target.connection}". Switch to "${target.connection}" (Tavus: Switch Connection…) and push the file there to create it, or pull its persona from "${target.connection}" first.`,
      );
    }
    const owned = serverOwnedInDraft(body);
    if (owned.length > 0) {
      return this.refuse(
        document,
        `${owned.join(', ')} ${owned.length === 1 ? 'is' : 'are'} set by Tavus; remove ${owned.length === 1 ? 'it' : 'them'} from the file to create the persona.`,
      );
    }
    const result = await this.services.lifecycle.creator.createFromFile(body, document.uri, problems, () =>
      this.push(document, target),
    );
    if (result.kind !== 'created') return { kind: 'notPushed' };
    const recorded = { ...file, ids: { ...file.ids, [target.connection]: result.id } };
    await this.recordId(document, target.connection, result.id);
    await this.recordBase(document.uri, recorded, target.connection, result.persona);
    return { kind: 'created', id: result.id };
  }

  /** Adds the id to the header and saves the file. */
  private async recordId(document: vscode.TextDocument, connection: string, id: string): Promise<void> {
    await writePersonaFile(document.uri, withConnectionId(document.getText(), connection, id));
    this.services.notifier.status(`Recorded ${id} as connection "${connection}" in ${fileName(document.uri)}.`);
  }

  private async recordBase(uri: vscode.Uri, file: PersonaFile, connection: string, tavus: Persona): Promise<void> {
    await this.bases.set(uri, connection, bodyFingerprint(tavusAsFileBody(tavus, file, connection)));
    this.pushed.fire(uri);
  }

  private refuse(document: vscode.TextDocument, message: string): PushResult {
    void this.services.notifier.error(`Not pushed: ${fileName(document.uri)}: ${message} ${PUSH.kept}`);
    return { kind: 'notPushed' };
  }
}
