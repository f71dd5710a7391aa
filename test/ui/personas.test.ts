import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { activityBarItem, editorText, runCommand, screenshot, treeRows } from '../host/browser';
import { FIXTURE_IDS } from '../server/fixtures';
import { startUiSession, type UiSession } from './support';
import { until } from './until';

let session: UiSession;
let page: Page;

before(async () => {
  session = await startUiSession();
  page = session.page;
});

after(async () => {
  await session?.close();
});

async function waitForRow(label: string): Promise<void> {
  await page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: label }).first().waitFor();
}

test('the Tavus view lists the local server\'s personas in two groups', async () => {
  await activityBarItem(page, 'Tavus').click();
  await waitForRow('My Personas');
  await waitForRow('Clinic Intake');
  // 249 personas of mine push the stock group out of the rendered rows; collapse mine to see it.
  await page.locator('.part.sidebar .monaco-list-row', { hasText: 'My Personas' }).first().click();
  await waitForRow('Stock Personas');
  await waitForRow('Sales Coach');
  const rows = await treeRows(page);
  assert.ok(rows.includes('Santa') && !rows.includes('Onboarding Guide'), rows.join(', '));
  await page.locator('.part.sidebar .monaco-list-row', { hasText: 'My Personas' }).first().click();
});

test('filtering narrows the tree to one persona, which opens as JSON', async () => {
  await runCommand(page, 'Tavus: Filter Personas…');
  await page.locator('.quick-input-widget .quick-input-box input').fill('Onboarding');
  await page.keyboard.press('Enter');
  await waitForRow('Onboarding Guide');
  await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Onboarding Guide' }).first().click();
  await page.locator('.tabs-container .tab[aria-label*="Onboarding Guide"]').waitFor();
  await page.locator('.editor-group-container.active .view-line', { hasText: 'system_prompt' }).waitFor();
  const text = await editorText(page);
  assert.match(text, /"persona_name": "Onboarding Guide"/);
  assert.match(text, new RegExp(`"persona_id": "${FIXTURE_IDS.onboarding}"`));
  await screenshot(page, 'explorer.png');
});

test('saving an edit previews the ops, applies them on Apply, and leaves the tab clean', async () => {
  // Line 5 is "system_prompt": "…", — put the cursor before the closing quote and type.
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').fill(':5');
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type(' Smile.');
  await page.locator('.tabs-container .tab.dirty').waitFor();
  await page.keyboard.press('Control+S');

  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  const dialogText = await dialog.innerText();
  assert.match(dialogText, /Apply 1 change to "Onboarding Guide" on Tavus\?/);
  assert.match(dialogText, /replace \/system_prompt = "You walk new customers/);
  await page.locator('.editor-group-container .monaco-diff-editor').first().waitFor();
  await screenshot(page, 'save-preview.png');
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();

  const expected = 'You walk new customers through account setup. Keep answers under three sentences. Smile.';
  await until(() => session.sandbox.getStored(FIXTURE_IDS.onboarding)?.system_prompt === expected, 'the sandbox to hold the edit');
  // The tab also reads clean while a save is pending, so only check it once the server has the change.
  await page.locator('.tabs-container .tab.dirty').waitFor({ state: 'detached' });
  await page.locator('.tabs-container .tab[aria-label*="(Tavus ↔ proposed)"]').waitFor({ state: 'detached' });
  assert.match(await editorText(page), /three sentences\. Smile\."/);
});
