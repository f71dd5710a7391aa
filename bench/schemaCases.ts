import type { Persona } from '../src/core/json';
import { personaCompletionsAt } from '../src/core/personaAssist';
import { formatPersona } from '../src/core/personaDocument';
import { schemaProblems } from '../src/core/personaSchemaCheck';
import { createFixturePersonas } from '../test/server/fixtures';
import type { CaseResults } from './diffCases';
import { measure, timeEach } from './measure';
import { bigPersona } from './personas';
import { ratio, timingFigure, type Row } from './report';

const MAX_DIAGNOSTICS_RATIO = 1;
const QUERIES = 1000;
/** Queries in the 5 MB document: each reads the text up to the cursor, so fewer keep the run short. */
const BIG_DOCUMENT_QUERIES = 20;
const MAX_QUERY_P95_MS = 1;
/** The fixture persona with every layer filled in: the size of an ordinary persona document. */
const CLINIC_INTAKE = 'p91f0d2c6ab47';

/** Case 12: the schema diagnostics of the 5 MB persona document, as the editor computes them while typing. */
function diagnosticsRow(persona: Persona, text: string): Row {
  const timings = measure({ diagnostics: () => schemaProblems(text, { base: persona }), parse: () => JSON.parse(text) });
  const problems = schemaProblems(text, { base: persona });
  const subject = timingFigure('schemaProblems', timings.diagnostics);
  const bound = timingFigure('JSON.parse', timings.parse);
  return {
    id: '12',
    title: `schema diagnostics of the 5 MB persona document (${(text.length / 1e6).toFixed(1)} MB)`,
    subject,
    bound,
    goal: `≤ ${MAX_DIAGNOSTICS_RATIO}× parse`,
    met: ratio(subject, bound)! <= MAX_DIAGNOSTICS_RATIO,
    note: `${problems.length} problems: ${problems.map((problem) => problem.code).join(', ') || 'none'}`,
  };
}

/** Case 13: completing the value of `"tts_engine": "` in a persona document. */
function completionRow(id: string, title: string, text: string, queries: number): Row {
  const offset = text.indexOf('"tts_engine": "') + '"tts_engine": "'.length;
  const timing = timeEach(queries, () => personaCompletionsAt(text, offset));
  const candidates = personaCompletionsAt(text, offset).map((candidate) => candidate.label);
  const relevant = candidates.join(',') === 'cartesia,elevenlabs,azure';
  return {
    id,
    title,
    subject: timingFigure('personaCompletionsAt', timing),
    goal: `p95 ≤ ${MAX_QUERY_P95_MS} ms`,
    met: timing.p95 <= MAX_QUERY_P95_MS && relevant,
    showP95: true,
    note: `${queries} queries; candidates ${candidates.join(', ')}${relevant ? '' : ' (NOT the three engines)'}`,
  };
}

/** Cases 12–13: persona schema diagnostics and completion. */
export function runSchemaCases(): CaseResults {
  const persona = bigPersona();
  const text = formatPersona(persona);
  const clinic = formatPersona(createFixturePersonas().find((fixture) => fixture.persona.persona_id === CLINIC_INTAKE)!.persona);
  return {
    rows: [
      diagnosticsRow(persona, text),
      completionRow(
        '13a',
        `completion of "tts_engine": " in a persona document (Clinic Intake, ${(clinic.length / 1000).toFixed(1)} KB)`,
        clinic,
        QUERIES,
      ),
      completionRow(
        '13b',
        'completion of "tts_engine": " in the 5 MB persona document (after the 5 MB tools array)',
        text,
        BIG_DOCUMENT_QUERIES,
      ),
    ],
    failures: [],
  };
}
