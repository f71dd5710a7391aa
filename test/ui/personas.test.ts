import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activityBarItem, editorText, runCommand, screenshot, treeRows, waitForTab } from '../host/browser';
import { FIXTURE_IDS } from '../server/fixtures';
import { appendToSystemPrompt } from './steps';
import { useUiSession } from './support';
import { until } from './until';

const ui = useUiSession();

async function waitForRow(label: string): Promise<void> {
  await ui().page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: label }).first().waitFor();
}

test("the Tavus view lists the local server's personas in two groups", async () => {
  await activityBarItem(ui().page, 'Tavus').click();
  await waitForRow('My Personas');
  await waitForRow('Clinic Intake');
  // 249 personas of mine push the stock group out of the rendered rows; collapse mine to see it.
  await ui().page.locator('.part.sidebar .monaco-list-row', { hasText: 'My Personas' }).first().click();
  await waitForRow('Stock Personas');
  await waitForRow('Sales Coach');
  const rows = await treeRows(ui().page);
  assert.ok(rows.includes('Santa') && !rows.includes('Onboarding Guide'), rows.join(', '));
});

test('a stock persona opens read-only, and its first line says why', async () => {
  const page = ui().page;
  // Possibly while later pages still arrive: the row's command must survive the tree refreshing.
  await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Sales Coach' }).first().click();
  await waitForTab(page, 'Sales Coach');
  await page.locator('.editor-group-container.active .codelens-decoration', { hasText: 'Tavus stock persona' }).waitFor();
  await page.locator('.editor-group-container.active .view-line', { hasText: 'persona_id' }).waitFor();
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.type('x');
  await page.locator('.monaco-editor-overlaymessage', { hasText: 'read-only' }).waitFor();
  assert.equal(await page.locator('.tabs-container .tab.dirty').count(), 0);
  await page.keyboard.press('Control+W');
  await page.locator('.part.sidebar .monaco-list-row', { hasText: 'My Personas' }).first().click();
});

test('filtering narrows the tree while typing and shows the filter as a row, then a persona opens as JSON', async () => {
  await runCommand(ui().page, 'Tavus: Filter Personas…');
  await ui().page.locator('.quick-input-widget .quick-input-box input').fill('Onboarding');
  // Before Enter: the tree already follows the text.
  await waitForRow('Filter: Onboarding');
  await waitForRow('Onboarding Guide');
  assert.ok(!(await treeRows(ui().page)).includes('Clinic Intake'));
  await ui().page.keyboard.press('Enter');
  await ui().page.locator('.part.sidebar .monaco-list-row', { hasText: 'Onboarding Guide' }).first().click();
  await waitForTab(ui().page, 'Onboarding Guide');
  await ui().page.locator('.editor-group-container.active .view-line', { hasText: 'system_prompt' }).waitFor();
  const text = await editorText(ui().page);
  assert.match(text, /"persona_name": "Onboarding Guide"/);
  assert.match(text, new RegExp(`"persona_id": "${FIXTURE_IDS.onboarding}"`));
  await screenshot(ui().page, 'explorer.png');
});

test('saving an edit previews the ops, applies them on Apply, and leaves the tab clean', async () => {
  await appendToSystemPrompt(ui().page, ' Smile.');
  await ui().page.locator('.tabs-container .tab.dirty').waitFor();
  await ui().page.keyboard.press('Control+S');

  const dialog = ui().page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  const dialogText = await dialog.innerText();
  assert.match(dialogText, /Apply 1 change to "Onboarding Guide" on Tavus\?/);
  assert.match(dialogText, /replace \/system_prompt: …under three sentences\.\[\+ Smile\.\]/);
  await ui().page.locator('.editor-group-container .monaco-diff-editor').first().waitFor();
  await screenshot(ui().page, 'save-preview.png');
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();

  const expected = 'You walk new customers through account setup. Keep answers under three sentences. Smile.';
  await until(() => ui().sandbox.getStored(FIXTURE_IDS.onboarding)?.system_prompt === expected, 'the sandbox to hold the edit');
  // The tab also reads clean while a save is pending, so only check it once the server has the change.
  await ui().page.locator('.tabs-container .tab.dirty').waitFor({ state: 'detached' });
  await ui().page.locator('.tabs-container .tab[aria-label*="(Tavus ↔ proposed)"]').waitFor({ state: 'detached' });
  assert.match(await editorText(ui().page), /three sentences\. Smile\."/);
});

test('the persona picker groups personas as the tree does, stock ones with a lock', async () => {
  const page = ui().page;
  await runCommand(page, 'Tavus: Open Persona');
  const list = page.locator('.quick-input-widget .quick-input-list');
  // Unfiltered, the first row carries its group's separator (VS Code hides separators while filtering).
  await list.locator('.monaco-list-row').first().waitFor();
  assert.match(await list.innerText(), /My Personas/);
  await page.locator('.quick-input-widget .quick-input-box input').fill('Sales Coach');
  await list.locator('.monaco-list-row', { hasText: 'Sales Coach' }).locator('.codicon-lock').first().waitFor();
  await page.keyboard.press('Escape');
});
