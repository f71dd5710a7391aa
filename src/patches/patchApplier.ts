import type * as vscode from 'vscode';
import { computeApply, patchFileTarget } from '../core/applyPlan';
import type { Persona } from '../core/json';
import { parsePatchFile } from '../core/patchFile';
import { formatPersona } from '../core/personaDocument';
import { personaLabel } from '../core/personaRules';
import type { PersonaStore } from '../personas/store';
import type { TavusApi } from '../tavus/api';
import { sentence } from '../transaction/patchFailure';
import type { PatchTransaction, WriteAction, WriteOutcome } from '../transaction/patchTransaction';
import { describeError } from '../ui/errors';
import type { Notifier } from '../ui/notifier';
import type { PatchTargets } from './patchTargets';

const APPLY: WriteAction = { done: 'Applied the patch to', doing: 'Applying the patch to', kept: 'The patch file is unchanged.' };

export type ApplyResult = WriteOutcome | { kind: 'invalid'; message: string } | { kind: 'noChanges' };

/**
 * Applies a patch file: the ops are planned against a freshly fetched copy (a dry run that names
 * the op that does not fit), then go through the same patch transaction as a save. The file
 * itself is never changed.
 */
export class PatchApplier {
  constructor(
    private readonly api: TavusApi,
    private readonly store: PersonaStore,
    private readonly targets: PatchTargets,
    private readonly transaction: PatchTransaction,
    private readonly notifier: Notifier,
  ) {}

  async apply(document: vscode.TextDocument): Promise<ApplyResult> {
    const parsed = parsePatchFile(document.getText());
    const target = patchFileTarget(parsed);
    if (target.kind === 'invalid') return this.invalid(target.message);
    let base: Persona;
    try {
      base = await this.api.getPersona(target.personaId);
    } catch (error) {
      const retry = 'Retry';
      void this.notifier
        .error(
          `Could not read persona ${target.personaId} from Tavus: ${sentence(describeError(error))} Nothing was sent.`,
          retry,
        )
        .then((choice) => (choice === retry ? this.apply(document) : undefined));
      return { kind: 'failed', message: describeError(error) };
    }
    this.targets.set(target.personaId, base);
    const plan = computeApply(parsed, base, { guardWithTestOps: false });
    const label = personaLabel(base);
    if (plan.kind === 'invalid') return this.invalid(plan.message);
    if (plan.kind === 'noChanges') {
      this.notifier.status(`No changes: "${label}" already looks like this.`);
      return plan;
    }
    const outcome = await this.transaction.run({
      id: target.personaId,
      label,
      action: APPLY,
      origin: base,
      edited: plan.edited,
      ops: plan.ops,
      yours: formatPersona(plan.edited),
      retry: () => this.apply(document),
      source: { kind: 'patchFile', name: document.uri.toString() },
    });
    if (outcome.kind === 'applied') {
      this.targets.set(target.personaId, outcome.persona);
      // Clean persona documents of this persona show the new copy; dirty ones keep their origin.
      this.store.setBase(target.personaId, outcome.persona);
    }
    return outcome;
  }

  private invalid(message: string): ApplyResult {
    void this.notifier.error(`Patch not applied: ${message}`);
    return { kind: 'invalid', message };
  }
}
