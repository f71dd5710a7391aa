import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activityBarItem, runCommand, screenshot } from '../host/browser';
import { FIXTURE_IDS } from '../server/fixtures';
import { useUiSession } from './support';

const ui = useUiSession();

test('a change made elsewhere while the document is open is caught before sending, and Compare shows it', async () => {
  const { page, sandbox } = ui();
  await activityBarItem(page, 'Tavus').click();
  await runCommand(page, 'Tavus: Filter Personas…');
  await page.locator('.quick-input-widget .quick-input-box input').fill('Onboarding');
  await page.keyboard.press('Enter');
  await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Onboarding Guide' }).first().click();
  await page.locator('.editor-group-container.active .view-line', { hasText: 'system_prompt' }).waitFor();

  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').fill(':5');
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type(' Mine.');
  sandbox.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/context', value: 'Changed through the API' }]);
  await page.keyboard.press('Control+S');

  const dialog = page.locator('.monaco-dialog-box');
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.locator('.monaco-dialog-box', { hasText: 'changed on Tavus since you opened it' }).waitFor();
  await screenshot(page, 'conflict.png');
  await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Compare', exact: true }).click();
  await page.locator('.tabs-container .tab[aria-label*="Tavus now ↔ yours"]').waitFor();
  await page.locator('.editor-group-container.active .monaco-diff-editor').waitFor();
  assert.equal(sandbox.getStored(FIXTURE_IDS.onboarding)!.context, 'Changed through the API');
  assert.doesNotMatch(sandbox.getStored(FIXTURE_IDS.onboarding)!.system_prompt as string, /Mine/);
  await page.locator('.tabs-container .tab.dirty[aria-label^="Onboarding Guide.json"]').first().waitFor();
});
