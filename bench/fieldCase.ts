import { describeOps } from '../src/core/changeSnippet';
import { fieldDocumentText, fieldPreviewTexts, planFieldSave, textStats } from '../src/core/fieldText';
import { formatPersona } from '../src/core/personaDocument';
import { guardOps } from '../src/core/guard';
import { valueAt } from '../src/core/pointer';
import type { CaseResults } from './diffCases';
import { measure } from './measure';
import { hugePromptScenario } from './personas';
import { ratio, timingFigure, type Row } from './report';

const MAX_RATIO = 2;
const POINTER = '/system_prompt';

/**
 * Case 14: a field document of the 1,000,000-character system_prompt (case 3's persona). Opening
 * checks that a text document can hold the value; saving plans the one `replace`, its guard and
 * the preview (the op list and the field's two texts). 14b is the status bar's count of it.
 */
export function runFieldCase(): CaseResults {
  const { base, edited } = hugePromptScenario();
  const personaText = formatPersona(base);
  const typed = String(edited.system_prompt);
  const title = 'field document of a 1,000,000-character system_prompt: open, then save (plan + preview)';
  const openAndSave = () => {
    const shown = fieldDocumentText(valueAt(base, POINTER), POINTER);
    if (!shown.ok) throw new Error(`case 14: ${shown.reason}`);
    const plan = planFieldSave(base, POINTER, typed);
    if (plan.kind !== 'changes') throw new Error(`case 14: the field save found ${plan.kind}`);
    return [guardOps(base, plan.ops), describeOps(base, plan.ops), fieldPreviewTexts(base, plan.edited, POINTER)];
  };
  const goal = `≤ ${MAX_RATIO}× parse`;
  try {
    const timings = measure({ openAndSave, stats: () => textStats(typed), bound: () => JSON.parse(personaText) });
    const bound = timingFigure('JSON.parse of the persona', timings.bound);
    const subject = timingFigure('open + plan + preview', timings.openAndSave);
    const stats = timingFigure('textStats', timings.stats);
    const rows: Row[] = [
      { id: '14a', title, subject, bound, goal, met: ratio(subject, bound)! <= MAX_RATIO },
      {
        id: '14b',
        title: 'status bar counts of the same field (characters, words, tokens)',
        subject: stats,
        bound,
        goal: 'report',
      },
    ];
    return { rows, failures: [] };
  } catch (error) {
    return { rows: [{ id: '14a', title, goal, note: (error as Error).message }], failures: [(error as Error).message] };
  }
}
