import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeApply, patchFileTarget, type ApplyPlan } from '../../src/core/applyPlan';
import type { Persona } from '../../src/core/json';
import { parsePatchFile } from '../../src/core/patchFile';
import { cloneJson } from './support/random';

const base: Persona = {
  persona_id: 'p1234567',
  persona_name: 'Support',
  system_prompt: 'Be helpful.',
  layers: { llm: { model: 'tavus-gpt-oss', api_key: 'sk-live-123456' } },
  updated_at: '2026-02-01T17:45:00Z',
};

const guarded = { guardWithTestOps: true };
const unguarded = { guardWithTestOps: false };

function file(ops: string, header = '// tavus-persona: p1234567\n'): ReturnType<typeof parsePatchFile> {
  return parsePatchFile(`${header}${ops}`);
}

function expectKind<K extends ApplyPlan['kind']>(plan: ApplyPlan, kind: K): Extract<ApplyPlan, { kind: K }> {
  assert.equal(plan.kind, kind, JSON.stringify(plan));
  return plan as Extract<ApplyPlan, { kind: K }>;
}

describe('patchFileTarget', () => {
  it('names the persona and the ops of a well-formed file', () => {
    const target = patchFileTarget(file('[{ "op": "remove", "path": "/system_prompt" }]'));
    assert.deepEqual(target, { kind: 'target', personaId: 'p1234567', ops: [{ op: 'remove', path: '/system_prompt' }] });
  });

  it('asks for the header when there is none', () => {
    const target = patchFileTarget(file('[]', ''));
    assert.deepEqual(target, {
      kind: 'invalid',
      message: 'Name the target persona on the first line: // tavus-persona: <persona_id>',
    });
  });

  it('names the first problem of a broken file', () => {
    const target = patchFileTarget(file('[{ "op": "replace", "path": "/x" }]'));
    assert.equal(target.kind, 'invalid');
    assert.match((target as { message: string }).message, /^The patch file has problems; fix them first: \S/);
  });
});

describe('computeApply', () => {
  it('plans the file ops with guards, and the persona they make', () => {
    const parsed = file('[{ "op": "replace", "path": "/layers/llm/model", "value": "tavus-gpt-5.2" }]');
    const plan = expectKind(computeApply(parsed, base, guarded), 'changes');
    const op = { op: 'replace', path: '/layers/llm/model', value: 'tavus-gpt-5.2' };
    assert.deepEqual(plan.ops, [op]);
    assert.deepEqual(plan.body, [{ op: 'test', path: '/updated_at', value: base.updated_at }, op]);
    assert.deepEqual(plan.edited, { ...base, layers: { llm: { model: 'tavus-gpt-5.2', api_key: 'sk-live-123456' } } });
  });

  it('sends the ops alone when guards are off', () => {
    const plan = expectKind(
      computeApply(file('[{ "op": "add", "path": "/greeting", "value": "Hi" }]'), base, unguarded),
      'changes',
    );
    assert.deepEqual(plan.body, plan.ops);
  });

  it('reports the file problems first, before the persona is looked at', () => {
    const plan = expectKind(computeApply(file('[{ "op": "nope", "path": "/x" }]'), base, guarded), 'invalid');
    assert.match(plan.message, /^The patch file has problems; fix them first: /);
    assert.equal(expectKind(computeApply(file('[]', ''), base, guarded), 'invalid').message.startsWith('Name the target'), true);
  });

  it('names the op that does not fit the persona', () => {
    const parsed = file('[{ "op": "add", "path": "/greeting", "value": "Hi" }, { "op": "remove", "path": "/nope" }]');
    const plan = expectKind(computeApply(parsed, base, guarded), 'invalid');
    assert.match(plan.message, /^The patch does not fit "Support" as Tavus has it now: .*nope/);
  });

  it('refuses a failing test op without echoing the persona', () => {
    const plan = expectKind(
      computeApply(file('[{ "op": "test", "path": "/layers/llm/model", "value": "other" }]'), base, guarded),
      'invalid',
    );
    assert.equal(plan.message, 'The patch cannot be applied: Test operation failed');
    assert.doesNotMatch(plan.message, /sk-live/);
  });

  it('sees that ops leaving the persona as it is change nothing', () => {
    assert.deepEqual(
      computeApply(file('[{ "op": "replace", "path": "/system_prompt", "value": "Be helpful." }]'), base, guarded),
      {
        kind: 'noChanges',
      },
    );
    assert.deepEqual(computeApply(file('[{ "op": "test", "path": "/system_prompt", "value": "Be helpful." }]'), base, guarded), {
      kind: 'noChanges',
    });
  });

  it('changes neither the persona nor the parsed file', () => {
    const parsed = file(
      '[{ "op": "add", "path": "/extra", "value": { "a": 1 } }, { "op": "replace", "path": "/extra/a", "value": 2 },' +
        ' { "op": "remove", "path": "/layers/llm/model" }]',
    );
    const parsedBefore = cloneJson(parsed as never);
    const baseBefore = cloneJson(base);
    const plan = expectKind(computeApply(parsed, base, guarded), 'changes');
    assert.deepEqual(plan.edited.extra, { a: 2 });
    assert.deepEqual(base, baseBefore);
    assert.deepEqual(parsed, parsedBefore);
  });
});
