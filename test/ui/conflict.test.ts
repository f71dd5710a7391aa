import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCommand, screenshot, waitForTab } from '../host/browser';
import { FIXTURE_IDS } from '../server/fixtures';
import { answerPreview, appendToSystemPrompt, openOnboardingGuide } from './steps';
import { useUiSession } from './support';
import { until } from './until';

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

test('another client changes the persona while the document is dirty, it is fetched again meanwhile, and Merge keeps both', async () => {
  const { page, sandbox } = ui();
  await page.keyboard.press('Control+S');
  sandbox.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'add', path: '/greeting', value: 'Hello from elsewhere' }]);
  const dialog = page.locator('.monaco-dialog-box');
  // Cancel the first preview, fetch the persona again (Open by ID), then save for real.
  await answerPreview(page, 'Cancel');
  await runCommand(page, 'Tavus: Open Persona by ID…');
  await page.locator('.quick-input-widget .quick-input-box input').fill(FIXTURE_IDS.onboarding);
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.dirty[aria-label^="Onboarding Guide.json"]').first().click();
  await page.keyboard.press('Control+S');
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.locator('.monaco-dialog-box', { hasText: 'changed on Tavus since you opened it' }).waitFor();
  await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Merge', exact: true }).click();
  await page.locator('.monaco-dialog-box', { hasText: 'Apply' }).getByRole('button', { name: 'Apply', exact: true }).click();
  await until(() => /Mine\.$/.test(String(sandbox.getStored(FIXTURE_IDS.onboarding)?.system_prompt)), 'the merged save');
  assert.equal(sandbox.getStored(FIXTURE_IDS.onboarding)!.greeting, 'Hello from elsewhere');
  assert.equal(sandbox.getStored(FIXTURE_IDS.onboarding)!.context, 'Changed through the API');
});
