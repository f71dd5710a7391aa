import * as vscode from 'vscode';
import { applyPatch, deepClone } from 'fast-json-patch';
import { jsonEqual } from '../core/diff';
import { guardOps } from '../core/guard';
import type { PatchOp, Persona } from '../core/json';
import { unappliedTargets } from '../core/patchEffects';
import { opsOf, parsePatchFile, type ParsedPatchFile } from '../core/patchFile';
import { validatePatch } from '../core/patchValidation';
import { formatPersona } from '../core/personaDocument';
import { personaLabel } from '../core/personaRules';
import { changeCount } from '../save/prompts';
import { describePatchFailure, isGuardRejection, offerPatchRecovery } from '../save/patchFailure';
import { patchWithProgress } from '../save/patchRequest';
import type { ExtensionServices } from '../services';
import { describeError } from '../ui/errors';
import type { PatchTargets } from './patchTargets';

export type ApplyOutcome = 'applied' | 'unchanged' | 'noChanges' | 'invalid' | 'cancelled' | 'conflict' | 'failed';

export interface ApplyResult {
  outcome: ApplyOutcome;
  message: string;
}

class ApplyStopped extends Error {
  constructor(
    readonly outcome: ApplyOutcome,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Applies a patch file: dry run on a fresh copy, the same preview as a save, a guarded PATCH,
 * a re-read. The file itself is never changed.
 */
export class PatchApplier {
  constructor(
    private readonly services: ExtensionServices,
    private readonly targets: PatchTargets,
  ) {}

  async apply(document: vscode.TextDocument): Promise<ApplyResult> {
    try {
      const result = await this.run(document);
      this.services.log.info(result.message);
      vscode.window.setStatusBarMessage(`$(check) ${result.message}`, 5000);
      if (result.outcome !== 'applied') void vscode.window.showInformationMessage(result.message);
      return result;
    } catch (error) {
      const stopped = error instanceof ApplyStopped ? error : new ApplyStopped('failed', describeError(error));
      const message = this.services.log.clean(stopped.message);
      this.services.log.error(`Patch file not applied: ${message}`);
      if (stopped.outcome !== 'cancelled') void vscode.window.showErrorMessage(message);
      return { outcome: stopped.outcome, message };
    }
  }

  private async run(document: vscode.TextDocument): Promise<ApplyResult> {
    const parsed = parsePatchFile(document.getText());
    const id = parsed.header?.personaId;
    const ops = opsOf(parsed);
    if (id === undefined)
      throw new ApplyStopped('invalid', 'Name the target persona on the first line: // tavus-persona: <persona_id>');
    if (!ops)
      throw new ApplyStopped('invalid', `The patch file has problems; fix them first: ${firstProblem(parsed, undefined)}`);
    const base = await this.services.api.getPersona(id);
    this.targets.set(id, base);
    const proposed = dryRun(parsed, base, ops);
    const label = personaLabel(base);
    if (jsonEqual(base, proposed)) return { outcome: 'noChanges', message: `No changes: "${label}" already looks like this.` };
    await this.confirm(label, ops, base, proposed);
    return this.send(document, id, label, base, ops, proposed);
  }

  private async confirm(label: string, ops: PatchOp[], base: Persona, proposed: Persona): Promise<void> {
    const config = vscode.workspace.getConfiguration('tavus');
    if (!config.get<boolean>('confirmBeforeApply', true)) return;
    const decision = await this.services.save.pipeline.prompts.confirmApply({
      label,
      ops,
      serverText: formatPersona(base),
      proposedText: formatPersona(proposed),
    });
    if (decision === 'cancel') throw new ApplyStopped('cancelled', 'Patch not applied: cancelled.');
    if (decision === 'applyAndStopAsking') await config.update('confirmBeforeApply', false, vscode.ConfigurationTarget.Global);
  }

  private async send(
    document: vscode.TextDocument,
    id: string,
    label: string,
    base: Persona,
    ops: PatchOp[],
    proposed: Persona,
  ): Promise<ApplyResult> {
    const guard = vscode.workspace.getConfiguration('tavus').get<boolean>('guardWithTestOps', true);
    const body = guard ? guardOps(base, ops) : ops;
    let changed: boolean;
    try {
      ({ changed } = await patchWithProgress(this.services.api, id, body, `Applying patch to "${label}"…`));
    } catch (error) {
      return this.afterFailure(document, id, label, base, body, error);
    }
    const fresh = await this.services.api.getPersona(id);
    this.targets.set(id, fresh);
    await this.services.save.sync.adoptServerCopy(id, fresh);
    const missing = unappliedTargets(proposed, fresh, ops);
    if (missing.length > 0) {
      throw new ApplyStopped(
        'failed',
        `Tavus answered OK, but the persona it now holds does not show ${missing.join(', ')} as sent. Apply again to retry.`,
      );
    }
    return changed
      ? { outcome: 'applied', message: `Applied ${changeCount(ops.length)} to "${label}".` }
      : { outcome: 'unchanged', message: 'Tavus made no changes: the persona already had these values.' };
  }

  private async afterFailure(
    document: vscode.TextDocument,
    id: string,
    label: string,
    base: Persona,
    body: PatchOp[],
    error: unknown,
  ): Promise<never> {
    const current = await this.services.api.getPersona(id).catch(() => undefined);
    if (current) this.targets.set(id, current);
    const changedOnServer = current !== undefined && !jsonEqual(current, base);
    if (changedOnServer && isGuardRejection(error, body)) {
      throw new ApplyStopped(
        'conflict',
        `"${label}" changed on Tavus after the patch was checked, so Tavus refused it and nothing was applied. Apply again to check the patch against the new copy.`,
      );
    }
    offerPatchRecovery(
      'apply the patch',
      error,
      (text) => this.services.log.clean(text),
      () => this.apply(document),
    );
    const partly = changedOnServer ? ' The persona changed on Tavus anyway: part of the patch may have been applied.' : '';
    throw new ApplyStopped('failed', describePatchFailure(error, body, 'The patch file is unchanged.') + partly);
  }
}

/** Applies the ops to a copy, naming the first op that cannot be applied and why. */
function dryRun(parsed: ParsedPatchFile, base: Persona, ops: PatchOp[]): Persona {
  const problem = firstProblem(parsed, base);
  if (problem)
    throw new ApplyStopped('invalid', `The patch does not fit "${personaLabel(base)}" as Tavus has it now: ${problem}`);
  try {
    return applyPatch(deepClone(base), ops as never, true, false).newDocument as Persona;
  } catch (error) {
    throw new ApplyStopped('invalid', `The patch cannot be applied: ${describeError(error)}`);
  }
}

function firstProblem(parsed: ParsedPatchFile, persona: Persona | undefined): string | undefined {
  const problem = validatePatch(parsed, persona).find((p) => p.severity === 'error');
  return problem?.message;
}
