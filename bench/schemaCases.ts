import { CursorLocator, type LocateCursor } from '../src/core/cursorLocation';
import type { Persona } from '../src/core/json';
import { personaCompletionsAt } from '../src/core/personaAssist';
import { formatPersona } from '../src/core/personaDocument';
import { lexemeProblems } from '../src/core/personaLexemeCheck';
import { personaOutline, schemaProblems } from '../src/core/personaSchemaCheck';
import { createFixturePersonas } from '../test/server/fixtures';
import type { CaseResults } from './diffCases';
import { measure, timeEach, type Timing } from './measure';
import { bigPersona } from './personas';
import { ratio, timingFigure, type Row } from './report';

const MAX_DIAGNOSTICS_RATIO = 1;
/** The scan reads every character in JavaScript, as JSON.parse does natively: measured at 1.4–1.6× parse. */
const MAX_LEXEME_SCAN_RATIO = 2;
const QUERIES = 1000;
const MAX_QUERY_P95_MS = 1;
const ENGINE_VALUE = '"tts_engine": "';
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

/** Case 12b: the typing pass for repeated members and inexact numbers, which reads every character of the text. */
function lexemeScanRow(text: string): Row {
  const timings = measure({ scan: () => lexemeProblems(text), parse: () => JSON.parse(text) });
  const subject = timingFigure('lexemeProblems', timings.scan);
  const bound = timingFigure('JSON.parse', timings.parse);
  return {
    id: '12b',
    title: `duplicate-member and number scan of the 5 MB persona document, its own pass after 12`,
    subject,
    bound,
    goal: `≤ ${MAX_LEXEME_SCAN_RATIO}× parse`,
    met: ratio(subject, bound)! <= MAX_LEXEME_SCAN_RATIO,
    note: `${lexemeProblems(text).length} problems`,
  };
}

/** The editor's locator of a persona document just opened: the schema pass has handed it its outline. */
function openedDocumentLocator(text: string): LocateCursor {
  const locator = new CursorLocator(personaOutline);
  locator.useOutline(personaOutline(text));
  return (current, offset) => locator.locate(current, offset);
}

function candidatesRow(id: string, title: string, timing: Timing, candidates: string[], note: string): Row {
  const relevant = candidates.join(',') === 'cartesia,elevenlabs,azure';
  return {
    id,
    title,
    subject: timingFigure('personaCompletionsAt', timing),
    goal: `p95 ≤ ${MAX_QUERY_P95_MS} ms`,
    met: timing.p95 <= MAX_QUERY_P95_MS && relevant,
    showP95: true,
    note: `${note}; candidates ${candidates.join(', ')}${relevant ? '' : ' (NOT the three engines)'}`,
  };
}

/** Case 13a–b: completing the value of `"tts_engine": "` in a persona document, located as the editor locates it. */
function completionRow(id: string, title: string, text: string): Row {
  const offset = text.indexOf(ENGINE_VALUE) + ENGINE_VALUE.length;
  const locate = openedDocumentLocator(text);
  const timing = timeEach(QUERIES, () => personaCompletionsAt(text, offset, undefined, locate));
  const candidates = personaCompletionsAt(text, offset, undefined, locate).map((candidate) => candidate.label);
  return candidatesRow(id, title, timing, candidates, `${QUERIES} queries, read from the nearest member key of the outline`);
}

/**
 * Case 13c: what a keystroke costs. Each query types or deletes one character at the cursor (so the
 * locator's outline is stale from there on) and completes there, as VS Code asks after each keystroke.
 */
function typingRow(text: string): Row {
  const offset = text.indexOf(ENGINE_VALUE) + ENGINE_VALUE.length;
  const typed = `${text.slice(0, offset)}c${text.slice(offset)}`;
  const locator = new CursorLocator(personaOutline);
  locator.useOutline(personaOutline(text));
  const keystroke = (index: number) => {
    locator.edited(offset);
    const current = index % 2 === 0 ? typed : text;
    return personaCompletionsAt(current, offset + (index % 2 === 0 ? 1 : 0), undefined, (t, o) => locator.locate(t, o));
  };
  const timing = timeEach(QUERIES, keystroke);
  const candidates = keystroke(QUERIES).map((candidate) => candidate.label);
  return candidatesRow(
    '13c',
    'completion after each keystroke in the 5 MB persona document, typed in the "tts_engine" value',
    timing,
    candidates,
    `${QUERIES} keystrokes, each typing or deleting a "c" before the cursor`,
  );
}

/** Cases 12–13: persona schema diagnostics, the lexeme scan, and completion. */
export function runSchemaCases(): CaseResults {
  const persona = bigPersona();
  const text = formatPersona(persona);
  const clinic = formatPersona(createFixturePersonas().find((fixture) => fixture.persona.persona_id === CLINIC_INTAKE)!.persona);
  return {
    rows: [
      diagnosticsRow(persona, text),
      lexemeScanRow(text),
      completionRow(
        '13a',
        `completion of "tts_engine": " in a persona document (Clinic Intake, ${(clinic.length / 1000).toFixed(1)} KB)`,
        clinic,
      ),
      completionRow('13b', 'completion of "tts_engine": " in the 5 MB persona document (after the 5 MB tools array)', text),
      typingRow(text),
    ],
    failures: [],
  };
}
