import * as vscode from 'vscode';
import { describeOps } from '../core/changeSnippet';
import { diffJson, jsonEqual } from '../core/diff';
import { guardOps } from '../core/guard';
import type { WriteMode, WriteSource } from '../core/historyEntry';
import { describeSecretNotes, secretFieldNotes } from '../core/personaLifecycle';
import { personaId } from '../core/personaRules';
import type { PatchOp, Persona } from '../core/json';
import { describeInexactNumber, inexactNumbersInOps } from '../core/jsonLexemes';
import { describeOverlap } from '../core/merge';
import { formatPersona } from '../core/personaDocument';
import { firstChangedLine, formatForPreview } from '../core/previewText';
import { collectSecrets } from '../core/redact';
import { describeNormalisation, verifyPatch } from '../core/verify';
import { checkFreshness, classifyPatchFailure, sendAfterMove, type Send } from '../core/writePlan';
import type { TavusLog } from '../log/tavusLog';
import type { TavusApi } from '../tavus/api';
import { isTavusError } from '../tavus/errors';
import { inexactNumbersOf } from '../tavus/serverNumbers';
import type { Notifier } from '../ui/notifier';
import { withSlowProgress } from '../ui/slowProgress';
import { describePatchFailure, notSentMessage, PARTLY_APPLIED, sentence, unverifiedMessage } from './patchFailure';
import { changeCount, type WritePrompts } from './prompts';

/** What a write is, in the words its messages use. */
export interface WriteAction {
  /** "Saved" / "Applied the patch to". */
  done: string;
  /** "Saving" / "Applying the patch to". */
  doing: string;
  /** What a failure leaves as it was: "Your text is unchanged." */
  kept: string;
}

/**
 * A PATCH of an existing persona (the default), a create (`origin` is `{}`, `edited` the body to
 * POST, `id` empty until Tavus names it) or a delete (`origin` the persona, `edited` `{}`).
 */
export type WriteOperation = 'patch' | 'create' | 'delete';

export interface WriteRequest {
  kind?: WriteOperation;
  id: string;
  label: string;
  action: WriteAction;
  /** The server copy the change was made from; undefined when it could not be established. */
  origin: Persona | undefined;
  /** The persona as the user wants it. */
  edited: Persona;
  /** The ops from origin to edited, when the user wrote them (a patch file); else the diff. */
  ops?: PatchOp[];
  /** The user's version, for Compare: their document, or a text. */
  yours: vscode.Uri | string;
  /** Problems the edited persona still has, listed in the preview. */
  problems?: readonly string[];
  /** Starts the whole write again (the Retry action). */
  retry?: () => unknown;
  /** What the push history names as the write's origin. */
  source?: WriteSource;
  /** Runs right before a DELETE is sent (the backup); a throw stops the delete. */
  beforeSend?: () => Promise<void>;
  /** A create's way to tell, after a lost answer, which personas of that name are new. */
  knownIds?: () => ReadonlySet<string>;
  /** The two texts the preview diffs, when not the whole persona (a field document shows its field). */
  previewTexts?: (base: Persona, edited: Persona) => PreviewTexts;
}

export interface PreviewTexts {
  serverText: string;
  proposedText: string;
}

/** What was sent (without guards), the copy it was sent against, and how it was reached. */
export interface SentPatch {
  base: Persona;
  ops: PatchOp[];
  mode: WriteMode;
}

export type WriteOutcome =
  | { kind: 'applied'; persona: Persona; changed: boolean; sent: SentPatch }
  | { kind: 'cancelled' }
  | { kind: 'conflict' }
  /** `gone`: a delete found the persona already gone from Tavus. */
  | { kind: 'failed'; message: string; gone?: true };

export interface WriteSettings {
  confirmBeforeApply(): boolean;
  guardWithTestOps(): boolean;
  /** "Apply and Don't Ask Again". */
  stopConfirming(): Thenable<void>;
  /** Undoes stopConfirming. */
  resumeConfirming(): Thenable<void>;
}

export interface WriteEvent {
  request: WriteRequest;
  outcome: WriteOutcome;
}

const SHOW_LOG = 'Show Log';
const RETRY = 'Retry';
const COMPARE = 'Compare';
const SET_API_KEY = 'Set API Key';

/**
 * The one way anything is written to Tavus: preview → freshness against the origin → merge or
 * conflict when Tavus moved → guarded PATCH → re-read → verify → report. Saving a persona,
 * applying a patch file, Overwrite and Merge all run through here, so confirmation, failure
 * handling and verification exist once. Every outcome is reported here, exactly once.
 */
export class PatchTransaction implements vscode.Disposable {
  private readonly finished = new vscode.EventEmitter<WriteEvent>();
  /** Fires after every write, whatever its outcome; the push history's feed, and a test seam. */
  readonly onDidFinish = this.finished.event;

  constructor(
    private readonly api: TavusApi,
    private readonly log: TavusLog,
    private readonly notifier: Notifier,
    private readonly settings: WriteSettings,
    public prompts: WritePrompts,
  ) {}

  async run(request: WriteRequest): Promise<WriteOutcome> {
    let outcome: WriteOutcome;
    try {
      outcome = await this.attempt(request);
    } catch (error) {
      outcome = this.failed(request, notSentMessage(error, request.action.kept), error);
    }
    this.log.info(`${request.action.doing} "${request.label}" (${request.id}): ${outcome.kind}`);
    this.finished.fire({ request, outcome });
    return outcome;
  }

  dispose(): void {
    this.finished.dispose();
  }

  /**
   * Deletes several personas after one modal that names them all; each delete is then a write of
   * its own (its own event, its own failure report). A delete's success is reported by its
   * caller, once for all, since that message offers Restore.
   */
  async runDeletes(requests: readonly WriteRequest[]): Promise<WriteOutcome[]> {
    const targets = requests.map((request) => ({ label: request.label, id: request.id }));
    if (!(await this.prompts.confirmDelete(targets))) return requests.map(() => ({ kind: 'cancelled' }));
    const outcomes: WriteOutcome[] = [];
    for (const request of requests) outcomes.push(await this.run({ ...request, kind: 'delete' }));
    return outcomes;
  }

  private async attempt(request: WriteRequest): Promise<WriteOutcome> {
    if (request.kind === 'create') return this.create(request);
    if (request.kind === 'delete') return this.remove(request);
    const { origin, edited } = request;
    const ops = origin === undefined ? [] : (request.ops ?? diffJson(origin, edited));
    if (origin !== undefined && !(await this.confirm(request, origin, ops, edited))) return { kind: 'cancelled' };
    return this.sendIfFresh(request, ops, await this.api.getPersona(request.id));
  }

  /** Sends when Tavus still holds the origin; otherwise merges or asks, against `current`. */
  private async sendIfFresh(request: WriteRequest, ops: PatchOp[], current: Persona): Promise<WriteOutcome> {
    const freshness = checkFreshness(request.origin, request.edited, ops, current);
    if (freshness.kind === 'current') return this.send(request, ops, freshness.send, 'planned');
    const { merge } = freshness;
    const choice = await this.prompts.resolveMoved({
      label: request.label,
      reason: request.origin ? 'changed' : 'unknownOrigin',
      canMerge: merge?.kind === 'merged',
      overlaps: merge?.kind === 'conflict' ? merge.overlaps.map(describeOverlap) : [],
    });
    if (choice === 'compare') {
      await this.prompts.showDiff(`${request.label}: Tavus now ↔ yours`, formatPersona(current), request.yours);
    }
    const send = sendAfterMove(choice, request.edited, current, merge);
    if (!send) return { kind: 'conflict' };
    if (!(await this.confirm(request, send.base, send.ops, send.edited))) return { kind: 'cancelled' };
    return this.send(request, ops, send, choice === 'merge' ? 'merge' : 'overwrite');
  }

  private async confirm(request: WriteRequest, base: Persona, ops: PatchOp[], edited: Persona): Promise<boolean> {
    if (!this.settings.confirmBeforeApply()) return true;
    const { lines, realChanges } = describeOps(base, ops);
    // Numbers JSON.parse rounded in Tavus's copy would go back rounded: say so, naming both values.
    const body = this.settings.guardWithTestOps() ? guardOps(base, ops) : ops;
    const rounded = inexactNumbersInOps(body, inexactNumbersOf(base)).map(({ number }) => describeInexactNumber(number));
    const { serverText, proposedText } = request.previewTexts?.(base, edited) ?? {
      serverText: formatForPreview(base),
      proposedText: formatForPreview(edited),
    };
    const decision = await this.prompts.confirmApply({
      label: request.label,
      verb: request.kind === 'create' ? 'Create' : 'Apply',
      ops,
      lines,
      realChanges,
      problems: [...new Set(rounded), ...(request.problems ?? [])],
      serverText,
      proposedText,
      firstChangedLine: Math.max(0, firstChangedLine(serverText, proposedText)),
    });
    if (decision === 'cancel') return false;
    if (decision === 'applyAndStopAsking') {
      await this.settings.stopConfirming();
      void this.offerUndoStopConfirming();
    }
    return true;
  }

  private async offerUndoStopConfirming(): Promise<void> {
    const choice = await this.notifier.info(
      'Changes will now be sent without a preview (setting "Tavus: Confirm Before Apply").',
      'Undo',
      'Open Setting',
    );
    if (choice === 'Undo') await this.settings.resumeConfirming();
    if (choice === 'Open Setting') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'tavus.confirmBeforeApply');
    }
  }

  /** `planned` are the ops against the origin, kept for a second try after a guard rejection. */
  private async send(request: WriteRequest, planned: PatchOp[], send: Send, mode: WriteMode): Promise<WriteOutcome> {
    const body = this.settings.guardWithTestOps() ? guardOps(send.base, send.ops) : send.ops;
    // A key the user has just typed is not a known secret yet; the request log and any echo of it must not show it.
    this.log.addSecrets(collectSecrets(send.edited));
    let changed: boolean;
    try {
      ({ changed } = await withSlowProgress(`${request.action.doing} "${request.label}"…`, (signal) =>
        this.api.patchPersona(request.id, body, signal),
      ));
    } catch (error) {
      return this.afterFailedPatch(request, planned, send, body, error);
    }
    return this.reread(request, send, changed, { base: send.base, ops: send.ops, mode });
  }

  /** A 2xx is not taken on trust: Tavus must now show what was sent. */
  private async reread(request: WriteRequest, send: Send, changed: boolean, sent: SentPatch): Promise<WriteOutcome> {
    let reread: Persona;
    try {
      reread = await this.api.getPersona(request.id);
    } catch (error) {
      void this.notifier.warning(
        `${request.action.done} "${request.label}", but could not read it back from Tavus: ${sentence(this.describe(error))} Use "Tavus: Revert to Server Version" to reload it.`,
      );
      return { kind: 'applied', persona: send.edited, changed, sent };
    }
    if (!changed) {
      this.notifier.status('Tavus made no changes: the persona already had these values.');
      return { kind: 'applied', persona: reread, changed, sent };
    }
    const { missing, normalised } = verifyPatch(send.edited, reread, send.ops);
    if (missing.length > 0) {
      return this.failed(request, unverifiedMessage(missing, request.action.kept), undefined, reread);
    }
    if (normalised.length > 0) void this.notifier.info(describeNormalisation(normalised));
    this.notifier.status(`${request.action.done} "${request.label}" (${changeCount(send.ops.length)}).`);
    return { kind: 'applied', persona: reread, changed, sent };
  }

  private async afterFailedPatch(
    request: WriteRequest,
    planned: PatchOp[],
    send: Send,
    body: PatchOp[],
    error: unknown,
  ): Promise<WriteOutcome> {
    const current = await this.api.getPersona(request.id).catch(() => undefined);
    const moved = current !== undefined && !jsonEqual(current, send.base);
    const status = isTavusError(error) ? error.status : undefined;
    const failure = classifyPatchFailure(status, body, moved);
    if (failure === 'guardRejected' && current) return this.sendIfFresh(request, planned, current);
    const partly = failure === 'partlyApplied' ? ` ${PARTLY_APPLIED}` : '';
    return this.failed(
      request,
      describePatchFailure(error, body, request.action.kept) + partly,
      error,
      moved ? current : undefined,
    );
  }

  /** POST → read back → verify; a lost answer is looked for in the list before anything is said. */
  private async create(request: WriteRequest): Promise<WriteOutcome> {
    const body = request.edited;
    const ops = diffJson({}, body);
    if (!(await this.confirm(request, {}, ops, body))) return { kind: 'cancelled' };
    this.log.addSecrets(collectSecrets(body));
    let id: string;
    try {
      const title = `${request.action.doing} "${request.label}"…`;
      ({ persona_id: id } = await withSlowProgress(title, (signal) => this.api.createPersona(body, signal)));
    } catch (error) {
      const found = await this.findLostCreate(request, error);
      if (found === undefined) return this.failed(request, this.describeCreateFailure(request, ops, error), error);
      void this.notifier.warning(
        `Tavus's answer to the create was lost (${sentence(this.describe(error))}), but it now lists a new persona "${request.label}" (${found}); that is the one created.`,
      );
      id = found;
    }
    return this.readBackCreated(request, id, ops);
  }

  /** A failure that is not a refusal may still have created the persona: the list says. */
  private async findLostCreate(request: WriteRequest, error: unknown): Promise<string | undefined> {
    if (!mayHaveCreated(error)) return undefined;
    const listing = await this.api.listPersonas().catch(() => undefined);
    const known = request.knownIds?.() ?? new Set<string>();
    const named = listing?.personas.filter((p) => p.persona_name === request.edited.persona_name) ?? [];
    return named.map(personaId).find((id): id is string => id !== undefined && !known.has(id));
  }

  private describeCreateFailure(request: WriteRequest, ops: PatchOp[], error: unknown): string {
    const message = describePatchFailure(error, ops, request.action.kept, 'the persona');
    if (!mayHaveCreated(error)) return message;
    return `${message} Tavus lists no new persona named "${request.label}", so nothing was created.${mayStillArrive(error)}`;
  }

  private async readBackCreated(request: WriteRequest, id: string, ops: PatchOp[]): Promise<WriteOutcome> {
    const sent: SentPatch = { base: {}, ops, mode: 'planned' };
    let reread: Persona;
    try {
      reread = await this.api.getPersona(id);
    } catch (error) {
      void this.notifier.warning(
        `Created "${request.label}" (${id}), but could not read it back from Tavus: ${sentence(this.describe(error))}`,
      );
      return { kind: 'applied', persona: { persona_id: id, ...request.edited }, changed: true, sent };
    }
    const { missing, normalised } = verifyPatch(request.edited, reread, ops);
    const masked = describeSecretNotes(secretFieldNotes(request.edited).filter((note) => note.state === 'masked'));
    if (missing.length > 0) {
      void this.notifier.warning(
        `Created "${request.label}" (${id}), but it does not show ${missing.join(', ')} as sent. Check it before using it.`,
      );
    } else if (normalised.length > 0) void this.notifier.info(describeNormalisation(normalised));
    if (masked.length > 0) {
      void this.notifier.warning(`Created "${request.label}" (${id}) with masked secrets: ${masked.join('; ')}.`);
    }
    this.notifier.status(`${request.action.done} "${request.label}" (${id}).`);
    return { kind: 'applied', persona: reread, changed: true, sent };
  }

  /** Backup → DELETE → a GET that must no longer find it. Never retried: after a lost answer the GET says. */
  private async remove(request: WriteRequest): Promise<WriteOutcome> {
    const persona = request.origin ?? {};
    await request.beforeSend?.();
    const sent: SentPatch = { base: persona, ops: [], mode: 'planned' };
    try {
      await withSlowProgress(`${request.action.doing} "${request.label}"…`, (signal) =>
        this.api.deletePersona(request.id, signal),
      );
    } catch (error) {
      if (isTavusError(error) && error.status === 400) {
        const message = `"${request.label}" (${request.id}) was already gone from Tavus: ${sentence(this.describe(error))}`;
        void this.notifier.warning(message);
        return { kind: 'failed', message, gone: true };
      }
      if (!(await this.isGone(request.id))) {
        return this.failed(request, describePatchFailure(error, [], request.action.kept) + mayStillArrive(error), error);
      }
      this.log.info(`The answer to deleting ${request.id} was lost, but Tavus no longer has it.`);
      return { kind: 'applied', persona: {}, changed: true, sent };
    }
    if (!(await this.isGone(request.id))) {
      const message = `Tavus answered OK, but still has "${request.label}" (${request.id}). ${request.action.kept}`;
      return this.failed(request, message, undefined);
    }
    return { kind: 'applied', persona: {}, changed: true, sent };
  }

  /** Tavus answers 400 for an id it does not have; any other failure leaves it unknown, counted as still there. */
  private async isGone(id: string): Promise<boolean> {
    try {
      await this.api.getPersona(id);
      return false;
    } catch (error) {
      return isTavusError(error) && error.status === 400;
    }
  }

  /** One notification per failure, with the actions that can help. */
  private failed(request: WriteRequest, message: string, error: unknown, tavusNow?: Persona): WriteOutcome {
    const cancelled = isTavusError(error) && error.kind === 'cancelled' && error.method !== 'PATCH';
    this.log.error(message);
    if (!cancelled) void this.offerRecovery(request, message, error, tavusNow);
    return { kind: 'failed', message: this.log.clean(message) };
  }

  private async offerRecovery(request: WriteRequest, message: string, error: unknown, tavusNow?: Persona): Promise<void> {
    const actions = [
      ...(isTavusError(error) && error.kind === 'auth' ? [SET_API_KEY] : []),
      ...(tavusNow ? [COMPARE] : []),
      ...(request.retry && !(isTavusError(error) && error.kind === 'auth') ? [RETRY] : []),
      SHOW_LOG,
    ];
    const choice = await this.notifier.error(message, ...actions);
    if (choice === SET_API_KEY) await vscode.commands.executeCommand('tavus.setApiKey');
    if (choice === COMPARE && tavusNow) {
      await this.prompts.showDiff(`${request.label}: Tavus now ↔ yours`, formatPersona(tavusNow), request.yours);
    }
    if (choice === RETRY) await request.retry?.();
    if (choice === SHOW_LOG) this.log.show();
  }

  private describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A refusal (or a request never sent) created nothing; anything else may have, with the answer lost. */
function mayHaveCreated(error: unknown): boolean {
  return !(isTavusError(error) && ['rejected', 'auth', 'config'].includes(error.kind));
}

/** A request given up on may still reach Tavus and take effect after the check that followed it. */
function mayStillArrive(error: unknown): string {
  return isTavusError(error) && (error.kind === 'timeout' || error.kind === 'cancelled')
    ? ' Tavus may still act on the request: refresh the Personas view in a while to be sure.'
    : '';
}
