import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isJsonObject, type Persona } from '../../src/core/json';
import { formatPersona } from '../../src/core/personaDocument';
import { firstChangedLine, formatForPreview } from '../../src/core/previewText';
import { fuzzCases, fuzzSeed, randomJson, randomKey, type Random, type Vocabulary } from './support/random';

/** The preview with its continuation breaks taken out again: a line break inside a string literal and the indent after it. */
function joinContinuations(preview: string): string {
  let joined = '';
  let inString = false;
  let lineStart = 0;
  for (let i = 0; i < preview.length; i++) {
    const char = preview[i];
    if (char === '\n') {
      if (inString) {
        const indent = preview.slice(lineStart).match(/^ */)![0].length + 2;
        assert.equal(preview.slice(i + 1, i + 1 + indent), ' '.repeat(indent), 'continuation lines are indented');
        i += indent;
        continue;
      }
      lineStart = i + 1;
    } else if (char === '\\' && inString) {
      joined += char + preview[++i];
      continue;
    } else if (char === '"') {
      inString = !inString;
    }
    joined += char;
  }
  return joined;
}

function lineDiffCount(a: string, b: string): number {
  const linesA = a.split('\n');
  const linesB = b.split('\n');
  let head = 0;
  while (head < linesA.length && head < linesB.length && linesA[head] === linesB[head]) head++;
  let tail = 0;
  while (
    tail < linesA.length - head &&
    tail < linesB.length - head &&
    linesA[linesA.length - 1 - tail] === linesB[linesB.length - 1 - tail]
  ) {
    tail++;
  }
  return Math.max(linesA.length, linesB.length) - head - tail;
}

const words = ['the', 'handbook', 'answer', 'question', 'quoting', 'carefully', 'customer', 'a', 'of', 'section', 'politely'];

/** About `length` characters of sentences, or of words without any punctuation. */
function prose(random: Random, length: number, sentences: boolean): string {
  let text = '';
  while (text.length < length) {
    const count = 5 + random.int(25);
    const sentence = Array.from({ length: count }, () => random.pick(words)).join(' ');
    text += sentences ? `${sentence}. ` : `${sentence} `;
  }
  return text;
}

function changeOneWord(random: Random, text: string): string {
  const spaces = [...text.matchAll(/ /g)].map((match) => match.index);
  const at = random.pick(spaces.slice(0, -1));
  const end = text.indexOf(' ', at + 1);
  return `${text.slice(0, at + 1)}${random.pick(['reply', 'manual', 'x', 'extraordinarily'])}${text.slice(end)}`;
}

describe('formatForPreview', () => {
  it('prints short strings, and everything else, exactly as formatPersona does', () => {
    const persona: Persona = {
      persona_name: 'Support',
      layers: { llm: { tools: [], n: -0, big: 1e21 } },
      e: {},
      list: [1, 'x', null],
    };
    assert.equal(formatForPreview(persona), formatPersona(persona));
  });

  it('spreads a multi-line string over lines, breaking after each \\n escape', () => {
    const preview = formatForPreview({ layers: { llm: { prompt: 'First.\nSecond.\r\nThird' } } });
    assert.equal(
      preview,
      '{\n  "layers": {\n    "llm": {\n      "prompt": "First.\\n\n        Second.\\r\\n\n        Third"\n    }\n  }\n}\n',
    );
  });

  it('breaks a long single-line string at word boundaries', () => {
    const text = 'Be helpful and kind to every customer who asks. '.repeat(20);
    const lines = formatForPreview({ system_prompt: text }).split('\n');
    assert.ok(lines.length > 10);
    for (const line of lines) assert.ok(line.length <= 130, line);
    assert.equal(joinContinuations(formatForPreview({ system_prompt: text })), formatPersona({ system_prompt: text }));
  });

  it('cuts a long string without spaces, never inside a surrogate pair', () => {
    const text = '😀'.repeat(300);
    const preview = formatForPreview({ s: text });
    assert.ok(preview.split('\n').length > 4);
    assert.doesNotMatch(preview, /\\ud/, 'no half of a pair is escaped');
    assert.equal(joinContinuations(preview), formatPersona({ s: text }));
  });

  it('turns a one-word change in a 200 KB prompt into a change of one or two lines', () => {
    const rules = Array.from(
      { length: 3000 },
      (_, i) => `Rule ${i}: answer question ${i} by quoting the handbook section ${i}.\n`,
    );
    const prompt = rules.join('');
    assert.ok(prompt.length > 200_000);
    const before = formatForPreview({ persona_name: 'Support', system_prompt: prompt });
    const after = formatForPreview({
      persona_name: 'Support',
      system_prompt: prompt.replace('question 1500 by quoting', 'question 1500 by carefully quoting'),
    });
    assert.equal(lineDiffCount(before, after), 1);
    const changed = firstChangedLine(before, after);
    assert.match(after.split('\n')[changed]!, /Rule 1500: answer question 1500 by carefully quoting/);
  });

  it('keeps a one-word change to a few lines in long prose, usually one or two, with or without sentences', async () => {
    let local = 0;
    await fuzzCases(
      fuzzSeed(19_0302),
      300,
      (random) => {
        const text = prose(random, 20_000 + random.int(20_000), random.chance(0.5));
        return { text, edited: changeOneWord(random, text) };
      },
      ({ text, edited }) => {
        const before = formatForPreview({ system_prompt: text });
        const after = formatForPreview({ system_prompt: edited });
        const differing = lineDiffCount(before, after);
        assert.ok(differing <= 6, `${differing} lines differ`);
        if (differing <= 2) local++;
        assert.equal(joinContinuations(after), formatPersona({ system_prompt: edited }));
      },
      ({ edited }) => edited.slice(0, 300),
    );
    assert.ok(local >= 240, `only ${local} of 300 changes kept to one or two lines`);
  });

  it('gives the same text for the same persona, and formatPersona’s text once continuations are joined', async () => {
    const longStrings: Vocabulary = {
      key: randomKey,
      primitive: (random) => (random.chance(0.5) ? prose(random, random.int(400), random.chance(0.5)) : randomJson(random, 0)),
    };
    await fuzzCases(
      fuzzSeed(19_0303),
      500,
      (random) => {
        const value = randomJson(random, 4, longStrings);
        return isJsonObject(value) ? value : { value };
      },
      (persona) => {
        const preview = formatForPreview(persona);
        assert.equal(formatForPreview(JSON.parse(JSON.stringify(persona)) as Persona), preview);
        assert.equal(joinContinuations(preview), formatPersona(persona));
      },
    );
  });
});

describe('firstChangedLine', () => {
  it('finds the first differing line, 0-based, or -1', () => {
    assert.equal(firstChangedLine('a\nb\nc', 'a\nb\nc'), -1);
    assert.equal(firstChangedLine('a\nb\nc', 'a\nx\nc'), 1);
    assert.equal(firstChangedLine('x', 'y'), 0);
    assert.equal(firstChangedLine('a\nb', 'a\nb\nc'), 2);
  });
});
