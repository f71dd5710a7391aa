import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describePatchOps, describeRequestBody, previewValue } from '../../src/core/requestLog';

const secrets = /sk-live-123|el-secret|tok-abc|hunter2/;

/** The single log line for one op. */
function lineFor(op: unknown): string {
  const lines = describePatchOps([op]);
  assert.equal(lines.length, 1);
  return lines[0]!;
}

describe('describePatchOps', () => {
  it('writes one line per op', () => {
    assert.deepEqual(
      describePatchOps([
        { op: 'test', path: '/updated_at', value: '2026-02-01T17:45:00Z' },
        { op: 'replace', path: '/layers/llm/model', value: 'x' },
        { op: 'add', path: '/document_ids/-', value: 'd1' },
        { op: 'remove', path: '/layers/stt/hotwords' },
      ]),
      [
        'test /updated_at = "2026-02-01T17:45:00Z"',
        'replace /layers/llm/model = "x"',
        'add /document_ids/- = "d1"',
        'remove /layers/stt/hotwords',
      ],
    );
  });

  it('shows from for move and copy', () => {
    assert.equal(
      lineFor({
        op: 'move',
        from: '/layers/perception/ambient_awareness_queries',
        path: '/layers/perception/visual_awareness_queries',
      }),
      'move /layers/perception/visual_awareness_queries from /layers/perception/ambient_awareness_queries',
    );
    assert.equal(lineFor({ op: 'copy', from: '/a', path: '/b' }), 'copy /b from /a');
  });

  it('shows non-string values as JSON', () => {
    assert.equal(
      lineFor({ op: 'replace', path: '/layers/tts/tts_emotion_control', value: false }),
      'replace /layers/tts/tts_emotion_control = false',
    );
    assert.equal(lineFor({ op: 'add', path: '/x', value: null }), 'add /x = null');
    assert.equal(lineFor({ op: 'add', path: '/x', value: { a: [1, 2] } }), 'add /x = {"a":[1,2]}');
  });

  it('shortens long values with an ellipsis', () => {
    const line = lineFor({ op: 'replace', path: '/system_prompt', value: 'y'.repeat(500) });
    assert.equal(line, `replace /system_prompt = "${'y'.repeat(78)}…`);
  });

  it('does not cut a character in half when shortening', () => {
    const line = lineFor({ op: 'replace', path: '/p', value: `${'y'.repeat(77)}🎉🎉🎉` });
    assert.equal(line, `replace /p = "${'y'.repeat(77)}…`);
  });

  it('keeps values of exactly the preview length whole', () => {
    const value = 'z'.repeat(78);
    assert.equal(lineFor({ op: 'replace', path: '/p', value }), `replace /p = "${value}"`);
  });

  it('redacts a replaced api_key', () => {
    assert.equal(
      lineFor({ op: 'replace', path: '/layers/llm/api_key', value: 'sk-live-123456' }),
      'replace /layers/llm/api_key = "[redacted]"',
    );
  });

  it('redacts an added TTS api_key', () => {
    assert.equal(
      lineFor({ op: 'add', path: '/layers/tts/api_key', value: 'el-secret' }),
      'add /layers/tts/api_key = "[redacted]"',
    );
  });

  it('redacts a header added on its own', () => {
    assert.equal(
      lineFor({ op: 'add', path: '/layers/llm/headers/Authorization', value: 'Bearer tok-abc' }),
      'add /layers/llm/headers/Authorization = "[redacted]"',
    );
  });

  it('redacts secrets inside a whole layer being added', () => {
    const line = lineFor({
      op: 'add',
      path: '/layers/llm',
      value: { model: 'm', api_key: 'sk-live-123456', headers: { Authorization: 'Bearer tok-abc' } },
    });
    assert.equal(line, 'add /layers/llm = {"model":"m","api_key":"[redacted]","headers":{"Authorization":"[redacted]"}}');
  });

  it('redacts secrets inside values added higher up or at the root', () => {
    assert.doesNotMatch(
      lineFor({ op: 'add', path: '/layers', value: { llm: { api_key: 'sk-live-123456' }, tts: { api_key: 'el-secret' } } }),
      secrets,
    );
    assert.doesNotMatch(lineFor({ op: 'replace', path: '', value: { layers: { llm: { api_key: 'sk-live-123456' } } } }), secrets);
  });

  it('redacts before shortening, so a long secret shows no prefix', () => {
    const line = lineFor({ op: 'replace', path: '/layers/llm/api_key', value: `sk-live-123${'x'.repeat(200)}` });
    assert.equal(line, 'replace /layers/llm/api_key = "[redacted]"');
  });

  it('redacts a test op on a secret', () => {
    assert.equal(
      lineFor({ op: 'test', path: '/layers/llm/api_key', value: 'hunter2' }),
      'test /layers/llm/api_key = "[redacted]"',
    );
  });

  it('shows an emptied secret as empty', () => {
    assert.equal(lineFor({ op: 'replace', path: '/layers/llm/api_key', value: '' }), 'replace /layers/llm/api_key = ""');
  });

  it('redacts inside values whose path is not a valid pointer', () => {
    assert.doesNotMatch(lineFor({ op: 'add', path: '/bad~2', value: { api_key: 'hunter2' } }), secrets);
  });

  it('keeps a __proto__ segment in the path an ordinary member', () => {
    assert.equal(lineFor({ op: 'add', path: '/__proto__/api_key', value: 'hunter2' }), 'add /__proto__/api_key = "[redacted]"');
    assert.equal(lineFor({ op: 'add', path: '/__proto__', value: { model: 'm' } }), 'add /__proto__ = {"model":"m"}');
    assert.equal(({} as Record<string, unknown>).model, undefined);
  });

  it('describes malformed ops without failing', () => {
    assert.deepEqual(describePatchOps([5, null, ['replace'], { path: 3 }, { op: 'remove' }]), [
      '(not an operation)',
      '(not an operation)',
      '(not an operation)',
      'undefined (no path)',
      'remove (no path)',
    ]);
  });

  it('returns no lines for no ops', () => assert.deepEqual(describePatchOps([]), []));
});

describe('previewValue', () => {
  it('redacts by path', () => {
    assert.equal(previewValue('sk-live-123456', '/layers/llm/api_key'), '"[redacted]"');
    assert.equal(previewValue('tavus-gpt-oss', '/layers/llm/model'), '"tavus-gpt-oss"');
  });
});

describe('describeRequestBody', () => {
  it('is empty without a body', () => {
    assert.equal(describeRequestBody(undefined), '');
    assert.equal(describeRequestBody(''), '');
  });

  it('lists the ops of a patch body, indented, with secrets redacted', () => {
    const body = JSON.stringify([
      { op: 'test', path: '/updated_at', value: 't1' },
      { op: 'replace', path: '/layers/llm/api_key', value: 'sk-live-123456' },
    ]);
    assert.equal(describeRequestBody(body), '\n  test /updated_at = "t1"\n  replace /layers/llm/api_key = "[redacted]"');
  });

  it('does not echo a body that is not JSON', () => {
    const text = describeRequestBody('api_key=sk-live-123456&x');
    assert.equal(text, '\n  (body is not JSON)');
  });

  it('does not echo a JSON body that is not an op list', () => {
    for (const body of ['{"persona_name":"x","layers":{"llm":{"api_key":"sk-live-123456"}}}', '"hunter2"', '42', 'null']) {
      assert.equal(describeRequestBody(body), '\n  (body is not an op list)', body);
    }
  });
});
