import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { renderConversationFaultMatrix } from '../faults/conversationMatrix';
import { renderLifecycleFaultMatrix } from '../faults/lifecycleMatrix';
import { renderFaultMatrix } from '../faults/matrix';

it('the README states the fault matrix exactly as the integration tests check it', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  assert.ok(readme.includes(renderFaultMatrix()), `README.md must contain:\n${renderFaultMatrix()}`);
});

it('the README states the conversation fault matrix exactly as the integration tests check it', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  assert.ok(readme.includes(renderConversationFaultMatrix()), `README.md must contain:\n${renderConversationFaultMatrix()}`);
});

it('the README states the lifecycle fault matrix exactly as the integration tests check it', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  assert.ok(readme.includes(renderLifecycleFaultMatrix()), `README.md must contain:\n${renderLifecycleFaultMatrix()}`);
});
