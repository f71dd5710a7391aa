import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { activityBarItem, editorText, runCommand, waitForWorkbench } from '../host/browser';
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

const dirtyTab = () => page.locator('.tabs-container .tab.dirty[aria-label*="Onboarding Guide"]');

test('unsaved edits to a persona survive a window reload, still dirty, and then save', async () => {
  await activityBarItem(page, 'Tavus').click();
  await runCommand(page, 'Tavus: Filter Personas…');
  await page.locator('.quick-input-widget .quick-input-box input').fill('Onboarding');
  await page.keyboard.press('Enter');
  await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Onboarding Guide' }).first().click();
  await page.locator('.editor-group-container.active .view-line', { hasText: 'system_prompt' }).waitFor();

  // Line 5 is "system_prompt": "…", — type before its closing quote.
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').fill(':5');
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type(' Survives reloads.');
  await dirtyTab().waitFor();

  // The web workbench backs dirty editors up a moment after each change, not at unload.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await page.reload();
  await waitForWorkbench(page);
  await dirtyTab().waitFor();
  await page.locator('.editor-group-container.active .view-line', { hasText: 'Survives reloads.' }).waitFor();
  assert.match(await editorText(page), /three sentences\. Survives reloads\."/);
  assert.doesNotMatch(session.sandbox.getStored(FIXTURE_IDS.onboarding)!.system_prompt as string, /Survives/);

  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+S');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await until(
    () => session.sandbox.getStored(FIXTURE_IDS.onboarding)!.system_prompt === 'You walk new customers through account setup. Keep answers under three sentences. Survives reloads.',
    'the sandbox to hold the restored edit',
  );
  await dirtyTab().waitFor({ state: 'detached' });
});
