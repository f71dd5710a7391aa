import type { HistoryEntry } from '../core/historyEntry';
import { planRevert, type RevertPlan } from '../core/historyRevert';
import type { Persona } from '../core/json';
import { formatPersona } from '../core/personaDocument';
import { personaLabel } from '../core/personaRules';
import type { PersonaStore } from '../personas/store';
import type { TavusApi } from '../tavus/api';
import { sentence } from '../transaction/patchFailure';
import type { PatchTransaction, WriteAction, WriteOutcome } from '../transaction/patchTransaction';
import { describeError } from '../ui/errors';
import type { Notifier } from '../ui/notifier';

const REVERT: WriteAction = { done: 'Reverted a change to', doing: 'Reverting a change to', kept: 'Nothing was reverted.' };

export type RevertResult =
  | WriteOutcome
  | { kind: 'refused'; plan: RevertPlan }
  | { kind: 'unreadable' }
  | { kind: 'restored'; id: string }
  | { kind: 'deleted'; id: string };

const LIFECYCLE_KINDS: ReadonlySet<string> = new Set(['create', 'duplicate', 'restore', 'delete']);

/**
 * Reverts a history entry: the inverse of its effect, computed against the persona as Tavus holds
 * it now, goes through the same patch transaction as any save (preview with Apply, guard, re-read).
 * Fields changed since the entry are named in the preview and left as they are.
 */
export class HistoryReverter {
  constructor(
    private readonly api: TavusApi,
    private readonly store: PersonaStore,
    private readonly transaction: PatchTransaction,
    private readonly notifier: Notifier,
  ) {}

  /** Reverts a lifecycle entry: a delete by restoring it, a create by deleting it; set by the lifecycle. */
  lifecycleRevert: ((entry: HistoryEntry) => Promise<RevertResult>) | undefined;

  async revert(entry: HistoryEntry): Promise<RevertResult> {
    if (LIFECYCLE_KINDS.has(entry.source.kind) && this.lifecycleRevert) return this.lifecycleRevert(entry);
    let now: Persona;
    try {
      now = await this.api.getPersona(entry.personaId);
    } catch (error) {
      void this.notifier.error(
        `Could not read "${entry.personaName}" from Tavus: ${sentence(describeError(error))} Nothing was reverted.`,
      );
      return { kind: 'unreadable' };
    }
    const plan = planRevert(entry, now);
    if (plan.reverted.length === 0) return this.refuse(entry, plan);
    const outcome = await this.transaction.run({
      id: entry.personaId,
      label: personaLabel(now),
      action: REVERT,
      origin: now,
      edited: plan.target,
      ops: plan.ops,
      yours: formatPersona(plan.target),
      problems: leftAlone(plan),
      retry: () => this.revert(entry),
      source: { kind: 'revert', name: `revert of the ${entry.time} change (${entry.source.name})`, revertOf: entry.id },
    });
    if (outcome.kind !== 'applied') return outcome;
    this.store.setBase(entry.personaId, outcome.persona);
    // The preview named them, but previews can be turned off: a partial revert always says what it left.
    const kept = leftAlone(plan);
    if (kept.length > 0) {
      void this.notifier.info(`Reverted only part of the change to "${entry.personaName}": ${kept.join('; ')}.`);
    }
    return outcome;
  }

  private refuse(entry: HistoryEntry, plan: RevertPlan): RevertResult {
    const reasons = leftAlone(plan);
    const message =
      reasons.length === 0
        ? `Nothing to revert: "${entry.personaName}" already holds the values it had before this change.`
        : `Cannot revert this change to "${entry.personaName}": ${reasons.join('; ')}.`;
    void (reasons.length === 0 ? this.notifier.info(message) : this.notifier.warning(message));
    return { kind: 'refused', plan };
  }
}

/** What a revert leaves as it is, in the preview's words. */
function leftAlone(plan: RevertPlan): string[] {
  return [
    ...plan.moved.map((pointer) => `${pointer} changed since: left as it is now`),
    ...plan.secret.map((pointer) => `${pointer} holds a secret value: a revert never touches it`),
  ];
}
