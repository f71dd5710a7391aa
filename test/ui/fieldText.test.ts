import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCommand, screenshot, waitForTab } from '../host/browser';
import { FIXTURE_IDS } from '../server/fixtures';
import { appendToSystemPrompt, openOnboardingGuide } from './steps';
import { useUiSession } from './support';
import { until } from './until';

const ui = useUiSession();

test('Edit Field as Text on system_prompt: a new paragraph typed, saved and applied reaches Tavus with a real newline', async () => {
  const { page, sandbox } = ui();
  const before = String(sandbox.getStored(FIXTURE_IDS.onboarding)?.system_prompt);
  await openOnboardingGuide(page);
  // Puts the cursor inside the system_prompt string, typing nothing.
  await appendToSystemPrompt(page, '');
  await runCommand(page, 'Tavus: Edit Field as Text');
  await waitForTab(page, 'system_prompt.md');
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Always end with a question.');
  await screenshot(page, 'field-text.png');
  await page.keyboard.press('Control+S');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await until(
    () => sandbox.getStored(FIXTURE_IDS.onboarding)?.system_prompt === `${before}\n\nAlways end with a question.`,
    'the sandbox to hold the new paragraph after a real newline',
  );
  const patches = sandbox.requests.filter((r) => r.method === 'PATCH');
  assert.equal(patches.length, 1);
  const ops = (JSON.parse(patches[0]!.body ?? '[]') as Array<{ op: string; path: string }>).filter((op) => op.op !== 'test');
  assert.deepEqual(
    ops.map((op) => `${op.op} ${op.path}`),
    ['replace /system_prompt'],
  );
});
