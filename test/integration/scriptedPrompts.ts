import type {
  ApplyDecision,
  ChangePreview,
  DeleteTarget,
  MovedDecision,
  MovedOnTavus,
  WritePrompts,
} from '../../src/transaction/prompts';

/** Answers a write's questions the way a test wants, and remembers what it was asked. */
export class ScriptedPrompts implements WritePrompts {
  apply: ApplyDecision = 'apply';
  conflict: MovedDecision = 'cancel';
  /** The answer to a delete's warning. */
  confirmDeletes = true;
  readonly previews: ChangePreview[] = [];
  /** The personas each delete warning named. */
  readonly deletes: DeleteTarget[][] = [];
  readonly conflicts: MovedOnTavus[] = [];
  readonly diffs: string[] = [];
  readonly diffLeftTexts: string[] = [];
  /** What another client does while the first preview is open (between the write's read and its send). */
  whilePreviewing: (() => void) | undefined;

  async confirmApply(preview: ChangePreview): Promise<ApplyDecision> {
    this.previews.push(preview);
    const meanwhile = this.whilePreviewing;
    this.whilePreviewing = undefined;
    meanwhile?.();
    return this.apply;
  }

  async confirmDelete(targets: readonly DeleteTarget[]): Promise<boolean> {
    this.deletes.push([...targets]);
    return this.confirmDeletes;
  }

  async resolveMoved(moved: MovedOnTavus): Promise<MovedDecision> {
    this.conflicts.push(moved);
    return this.conflict;
  }

  async showDiff(title: string, leftText: string): Promise<void> {
    this.diffs.push(title);
    this.diffLeftTexts.push(leftText);
  }
}
