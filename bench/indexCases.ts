import type { Persona } from '../src/core/json';
import { completionsAt } from '../src/core/patchCompletion';
import { parsePatchFile, patchFileText } from '../src/core/patchFile';
import { validatePatch } from '../src/core/patchValidation';
import { formatPersona } from '../src/core/personaDocument';
import { buildPointerIndex } from '../src/core/pointer';
import type { CaseResults } from './diffCases';
import { measure, timeEach } from './measure';
import { bigPersona, bigPersonaOps } from './personas';
import { ratio, timingFigure, type Row } from './report';

const MAX_INDEX_RATIO = 1;
const QUERIES = 1000;
const MAX_QUERY_P95_MS = 1;
const TYPED_PREFIX = '/layers/llm/tools/1';
const PATCH_OPS = 200;
/** Ops already in the file where a path is being typed: an ordinary hand-written patch. */
const TYPING_FILE_OPS = 10;
const MAX_DIAGNOSTICS_RATIO = 1;

/** Case 6: the JSON-pointer index of the 5 MB persona, against parsing its document text. */
function indexRow(persona: Persona, text: string): Row {
  const timings = measure({ index: () => buildPointerIndex(persona), parse: () => JSON.parse(text) });
  const subject = timingFigure('buildPointerIndex', timings.index);
  const bound = timingFigure('JSON.parse', timings.parse);
  return {
    id: '6',
    title: `pointer index of the 5 MB persona (${buildPointerIndex(persona).entries.length.toLocaleString('en')} pointers)`,
    subject,
    bound,
    goal: `≤ ${MAX_INDEX_RATIO}× parse`,
    met: ratio(subject, bound)! <= MAX_INDEX_RATIO,
  };
}

/**
 * Case 7: pointer completions while typing the path of a new op at the end of a patch file, with the
 * persona's index built beforehand as the extension keeps it (patchTargets.ts).
 */
function completionRow(persona: Persona): Row {
  const typing = { op: 'replace' as const, path: TYPED_PREFIX, value: null };
  const text = patchFileText(String(persona.persona_id), [...bigPersonaOps(persona, TYPING_FILE_OPS), typing]);
  const offset = text.lastIndexOf(`"${TYPED_PREFIX}"`) + 1 + TYPED_PREFIX.length;
  const index = buildPointerIndex(persona);
  const timing = timeEach(QUERIES, () => completionsAt(text, offset, persona, index));
  const candidates = completionsAt(text, offset, persona, index);
  const relevant = candidates.length > 0 && candidates.every((candidate) => candidate.label.startsWith('/layers/llm/tools/'));
  return {
    id: '7',
    title: `completion query, typed "${TYPED_PREFIX}", ${TYPING_FILE_OPS + 1}-op patch file, 5 MB persona`,
    subject: timingFigure('completionsAt', timing),
    goal: `p95 ≤ ${MAX_QUERY_P95_MS} ms`,
    met: timing.p95 <= MAX_QUERY_P95_MS && relevant,
    showP95: true,
    note: `${QUERIES} queries, p50 and p95; ${candidates.length} candidates per query${relevant ? '' : ' (NOT all under /layers/llm/tools/)'}`,
  };
}

/** Case 8: the diagnostics of a 200-op patch file against the 5 MB persona, as patchDiagnostics.ts computes them. */
function diagnosticsRow(persona: Persona, personaText: string): Row {
  const text = patchFileText(String(persona.persona_id), bigPersonaOps(persona, PATCH_OPS));
  const timings = measure({
    diagnostics: () => validatePatch(parsePatchFile(text), persona),
    parse: () => JSON.parse(personaText),
  });
  const problems = validatePatch(parsePatchFile(text), persona);
  const errors = problems.filter((problem) => problem.severity === 'error');
  const subject = timingFigure('validatePatch(parsePatchFile)', timings.diagnostics);
  const bound = timingFigure('JSON.parse of the persona', timings.parse);
  return {
    id: '8',
    title: `diagnostics of a ${PATCH_OPS}-op patch file, 5 MB persona (${Math.round(text.length / 1000)} KB file)`,
    subject,
    bound,
    goal: `≤ ${MAX_DIAGNOSTICS_RATIO}× parse`,
    met: ratio(subject, bound)! <= MAX_DIAGNOSTICS_RATIO,
    note:
      `${problems.length} problems reported (${errors.length} errors)` +
      (errors.length
        ? `: every op is valid, so the timing skips work: ${errors[0]!.message}`
        : '; every op is valid, so each is checked and applied'),
  };
}

/** Cases 6–8, sharing one parse of the 5 MB persona. */
export function runIndexCases(): CaseResults {
  const persona = bigPersona();
  const text = formatPersona(persona);
  return { rows: [indexRow(persona, text), completionRow(persona), diagnosticsRow(persona, text)], failures: [] };
}
