import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changedSpan, changeParts, changeSnippet, describeOps, firstDifference } from '../../src/core/changeSnippet';
import type { PatchOp, Persona } from '../../src/core/json';
import { describePatchOps } from '../../src/core/requestLog';
import { cloneJson, fuzzCases, fuzzSeed, type Random } from './support/random';

describe('firstDifference', () => {
  it('finds the first differing code unit, or -1', () => {
    assert.equal(firstDifference('abc', 'abc'), -1);
    assert.equal(firstDifference('abc', 'abd'), 2);
    assert.equal(firstDifference('ab', 'abc'), 2);
    assert.equal(firstDifference('', 'x'), 0);
  });

  it('moves back to the start of a surrogate pair it would split', () => {
    assert.equal(firstDifference('a😀', 'a😃'), 1);
    assert.equal(firstDifference('a\ud83d', 'a😃'), 1);
    assert.equal(firstDifference('a\ud83dx', 'a\ud83dy'), 2);
  });
});

describe('changeSnippet', () => {
  const prompt = 'Always be polite. Answer every question 1500 by quoting the handbook, then summarise in one line.';

  it('marks an insertion with context either side, and ellipses where text was cut', () => {
    const edited = prompt.replace('by quoting', 'by carefully quoting');
    assert.equal(changeSnippet(prompt, edited), '…every question 1500 by [+carefully ]quoting the handbook, then…');
    assert.equal(changeSnippet(prompt, edited, 12), '…1500 by [+carefully ]quoting the…');
  });

  it('marks deletions and replacements', () => {
    assert.equal(changeSnippet('keep calm', 'keep'), 'keep[- calm]');
    assert.equal(changeSnippet('the red car', 'the blue car'), 'the [-red][+blue] car');
  });

  it('uses no ellipsis where nothing was cut', () => {
    assert.equal(changeSnippet('abc', 'xbc'), '[-a][+x]bc');
    assert.equal(changeSnippet('abc', 'abx'), 'ab[-c][+x]');
  });

  it('clips a very long changed middle', () => {
    const snippet = changeSnippet('start end', `start ${'new words '.repeat(200)}end`, 10);
    assert.ok(snippet.length < 60, snippet);
    assert.match(snippet, /^start \[\+(new words )+[a-z ]*…\]$/);
  });

  it('keeps to one line', () => {
    assert.equal(changeSnippet('a\r\nb', 'a\r\nc\tb'), 'a\\r\\n[+c\\t]b');
  });

  it('finds an insertion into a run of one character', () => {
    const parts = changeParts('x'.repeat(100), 'x'.repeat(101), 5);
    assert.equal(parts?.left.length, 5);
    assert.equal(parts?.start, 95);
    assert.deepEqual([parts?.removed, parts?.added, parts?.right], ['', 'x', '']);
  });

  it('says nothing for equal strings', () => {
    assert.equal(changeSnippet('same', 'same'), '');
    assert.equal(changeParts('same', 'same'), undefined);
  });
});

// ---- Seeded property over long strings with astral characters, lone surrogates, CRLF and runs.

const PIECES = [
  'word ',
  'rule ',
  'Tavus ',
  ' ',
  '\r\n',
  '\n',
  '\t',
  '😀',
  '𝄞',
  'é',
  '\ud800',
  '\udc00',
  '\udbff\udfff',
  '. ',
  '1500',
];

function randomText(random: Random, length: number): string {
  let text = '';
  while (text.length < length) {
    const roll = random.int(10);
    if (roll === 0) text += random.pick(['a', ' ', '😀', '\r\n']).repeat(1 + random.int(80));
    else if (roll === 1) text += String.fromCharCode(random.int(0x10000));
    else text += random.pick(PIECES);
  }
  return text;
}

/** 1–2 edits (insertions, deletions, replacements) at any code unit, inside a surrogate pair too. */
function edit(random: Random, text: string): string {
  let result = text;
  for (let count = 1 + random.int(2); count > 0; count--) {
    const at = random.pick([0, result.length, random.int(result.length + 1)]);
    const removed = random.chance(0.5) ? random.int(random.chance(0.1) ? 500 : 12) : 0;
    const inserted = random.chance(0.6) ? randomText(random, 1 + random.int(random.chance(0.1) ? 400 : 10)) : '';
    result = result.slice(0, at) + inserted + result.slice(at + removed);
  }
  return result;
}

function splitsPair(text: string, at: number): boolean {
  return at > 0 && at < text.length && /[\ud800-\udbff]/.test(text[at - 1]!) && /[\udc00-\udfff]/.test(text[at]!);
}

describe('changedSpan', () => {
  it('is the one replacement between the common prefix and suffix, or undefined for equal texts', () => {
    assert.equal(changedSpan('same', 'same'), undefined);
    assert.deepEqual(changedSpan('the red car', 'the blue car'), { start: 4, end: 7, inserted: 'blue' });
    assert.deepEqual(changedSpan('aaa', 'aaaa'), { start: 3, end: 3, inserted: 'a' });
    assert.deepEqual(changedSpan('keep calm', 'keep'), { start: 4, end: 9, inserted: '' });
  });

  it('never splits a surrogate pair', () => {
    assert.deepEqual(changedSpan('a😀b', 'a😃b'), { start: 1, end: 3, inserted: '😃' });
  });

  it('turns the first text into the second (seeded property)', async () => {
    await fuzzCases(
      fuzzSeed(19_0302),
      2_000,
      (random) => {
        const before = randomText(random, random.int(5000));
        return { before, after: random.chance(0.05) ? before : edit(random, before) };
      },
      ({ before, after }) => {
        const span = changedSpan(before, after);
        if (before === after) return assert.equal(span, undefined);
        assert.ok(span !== undefined && span.start <= span.end);
        assert.equal(before.slice(0, span.start) + span.inserted + before.slice(span.end), after);
        for (const cut of [span.start, span.end]) assert.ok(!splitsPair(before, cut), `cut at ${cut}`);
      },
      ({ before, after }) => JSON.stringify({ before: before.slice(0, 200), after: after.slice(0, 200) }),
    );
  });
});

describe('changeSnippet: seeded property', () => {
  it('always shows the first difference, reproduces both texts around it, and never splits a surrogate pair', async () => {
    const generate = (random: Random) => {
      const before = randomText(random, 200 + random.int(3000));
      return { before, after: random.chance(0.02) ? before : edit(random, before), context: random.pick([5, 30, 31, 80]) };
    };
    await fuzzCases(
      fuzzSeed(19_0301),
      5_000,
      generate,
      ({ before, after, context }) => {
        const parts = changeParts(before, after, context);
        if (before === after) return assert.equal(parts, undefined);
        assert.ok(parts !== undefined);
        let rawDifference = 0;
        while (before[rawDifference] === after[rawDifference]) rawDifference++;
        const from = parts.start + parts.left.length;
        assert.ok(from <= rawDifference && rawDifference < from + Math.max(parts.removed.length, parts.added.length, 1));
        assert.ok(parts.removed !== '' || parts.added !== '');
        const beforeCuts = [parts.start, from, from + parts.removed.length, from + parts.removed.length + parts.right.length];
        const afterCuts = [parts.start, from, from + parts.added.length, from + parts.added.length + parts.right.length];
        for (const cut of beforeCuts) assert.ok(!splitsPair(before, cut), `before cut at ${cut}`);
        for (const cut of afterCuts) assert.ok(!splitsPair(after, cut), `after cut at ${cut}`);
        assert.equal(before.slice(beforeCuts[0], beforeCuts[3]), parts.left + parts.removed + parts.right);
        assert.equal(after.slice(afterCuts[0], afterCuts[3]), parts.left + parts.added + parts.right);
        assert.equal(parts.cutBefore, parts.start > 0);
        if (!parts.clipped) {
          assert.equal(parts.cutAfter, beforeCuts[3]! < before.length);
          assert.equal(before.length - beforeCuts[3]!, after.length - afterCuts[3]!, 'the same text follows both');
        } else {
          assert.equal(parts.right, '');
        }
        const snippet = changeSnippet(before, after, context);
        assert.equal(snippet.startsWith('…'), parts.cutBefore);
        const longest = Math.max(parts.left.length, parts.right.length, parts.removed.length / 3, parts.added.length / 3);
        assert.ok(longest <= context, 'the snippet stays short');
      },
      ({ before, after, context }) => JSON.stringify({ before: before.slice(0, 200), after: after.slice(0, 200), context }),
    );
  });
});

describe('describeOps', () => {
  const rules = Array.from({ length: 3000 }, (_, i) => `Rule ${i}: answer question ${i} by quoting the handbook section ${i}.\n`);
  const persona: Persona = {
    persona_id: 'p1234567',
    persona_name: 'Support',
    system_prompt: rules.join(''),
    layers: {
      llm: {
        model: 'tavus-gpt-oss',
        api_key: 'sk-live-123456789012345678901234567890123456789012345678901234567890123456789012345678901234',
      },
    },
    document_ids: ['d1'],
    updated_at: '2026-02-01T17:45:00Z',
  };

  it('shows the changed words of a 200 KB prompt, not its start', () => {
    assert.ok((persona.system_prompt as string).length > 200_000);
    const changed = (persona.system_prompt as string).replace('question 1500 by quoting', 'question 1500 by carefully quoting');
    const { lines, realChanges } = describeOps(persona, [{ op: 'replace', path: '/system_prompt', value: changed }]);
    assert.equal(realChanges, 1);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^replace \/system_prompt: …answer question 1500 by \[\+carefully \]quoting the handbook/);
    assert.ok(lines[0]!.length < 150, lines[0]);
  });

  it('writes other ops as the log does', () => {
    const ops: PatchOp[] = [
      { op: 'replace', path: '/layers/llm/model', value: 'tavus-gpt-5.2' },
      { op: 'add', path: '/document_ids/-', value: 'd2' },
      { op: 'remove', path: '/persona_name' },
    ];
    assert.deepEqual(describeOps(persona, ops), { lines: describePatchOps(ops), realChanges: 3 });
  });

  it('marks guards and ops that change nothing, and counts only real changes', () => {
    const ops: PatchOp[] = [
      { op: 'test', path: '/updated_at', value: '2026-02-01T17:45:00Z' },
      { op: 'replace', path: '/persona_name', value: 'Support' },
      { op: 'replace', path: '/system_prompt', value: persona.system_prompt },
      { op: 'add', path: '/context', value: { a: 1 } },
      { op: 'replace', path: '/context/a', value: 1 },
      { op: 'add', path: '/document_ids/0', value: 'd1' },
      { op: 'move', from: '/context', path: '/context' },
    ];
    const { lines, realChanges } = describeOps(persona, ops);
    assert.equal(realChanges, 2);
    assert.equal(lines[0], 'test /updated_at = "2026-02-01T17:45:00Z" (guard)');
    assert.equal(lines[1], 'replace /persona_name = "Support" (no change)');
    assert.match(lines[2]!, /^replace \/system_prompt = "Rule 0: .*… \(no change\)$/);
    assert.equal(lines[3], 'add /context = {"a":1}');
    assert.equal(lines[4], 'replace /context/a = 1 (no change)');
    assert.equal(lines[5], 'add /document_ids/0 = "d1"');
    assert.equal(lines[6], 'move /context from /context (no change)');
  });

  it('never shows a snippet of a secret', () => {
    const op: PatchOp = {
      op: 'replace',
      path: '/layers/llm/api_key',
      value: `${(persona.layers as never as { llm: { api_key: string } }).llm.api_key}9`,
    };
    const { lines } = describeOps(persona, [op]);
    assert.doesNotMatch(lines[0]!, /sk-live/);
  });

  it('changes neither the persona nor the ops', () => {
    const ops: PatchOp[] = [
      { op: 'add', path: '/context', value: { a: 1 } },
      { op: 'replace', path: '/context/a', value: 2 },
    ];
    const before = [cloneJson(persona), cloneJson(ops as never)];
    describeOps(persona, ops);
    assert.deepEqual([persona, ops], before);
  });
});
