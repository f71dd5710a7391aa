import assert from 'node:assert/strict';
import { test } from 'node:test';
import { screenshot, waitForTab } from '../host/browser';
import { FIXTURE_IDS } from '../server/fixtures';
import { appendToSystemPrompt, openOnboardingGuide } from './steps';
import { useUiSession } from './support';

const ui = useUiSession();

test('a change made elsewhere while the document is open is caught before sending, and Compare shows it', async () => {
  const { page, sandbox } = ui();
  await openOnboardingGuide(page);
  await appendToSystemPrompt(page, ' Mine.');
  sandbox.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/context', value: 'Changed through the API' }]);
  await page.keyboard.press('Control+S');

  const dialog = page.locator('.monaco-dialog-box');
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.locator('.monaco-dialog-box', { hasText: 'changed on Tavus since you opened it' }).waitFor();
  await screenshot(page, 'conflict.png');
  await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Compare', exact: true }).click();
  await waitForTab(page, 'Tavus now ↔ yours');
  await page.locator('.editor-group-container.active .monaco-diff-editor').waitFor();
  assert.equal(sandbox.getStored(FIXTURE_IDS.onboarding)!.context, 'Changed through the API');
  assert.doesNotMatch(sandbox.getStored(FIXTURE_IDS.onboarding)!.system_prompt as string, /Mine/);
  await page.locator('.tabs-container .tab.dirty[aria-label^="Onboarding Guide.json"]').first().waitFor();
});
