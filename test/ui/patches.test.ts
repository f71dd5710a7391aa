import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { runCommand, screenshot } from '../host/browser';
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

const suggestion = (label: string) =>
  page.locator('.editor-widget.suggest-widget.visible .monaco-list-row .label-name', { hasText: label }).first();

test('New Patch File creates a patch file with the target header', async () => {
  await runCommand(page, 'Tavus: New Patch File for Persona…');
  await page.locator('.quick-input-widget .quick-input-box input').fill('Onboarding Guide');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Onboarding Guide' }).first().click();
  await page.locator('.tabs-container .tab[aria-label*="onboarding-guide.tavus-patch.json"]').waitFor();
  await page.locator('.editor-group-container.active .view-line', { hasText: `tavus-persona: ${FIXTURE_IDS.onboarding}` }).waitFor();
});

test('typing a path and pressing Ctrl+Space completes JSON pointers of the persona', async () => {
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(`// tavus-persona: ${FIXTURE_IDS.onboarding}\n[ { "op": "replace", "path": "/lay`);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Space');
  await suggestion('/layers').waitFor();
  await page.keyboard.press('Enter');
  await page.keyboard.type('/llm/');
  await page.keyboard.press('Control+Space');
  await suggestion('/layers/llm/model').waitFor();
  await screenshot(page, 'patch-completion.png');
  await page.keyboard.type('mod');
  await suggestion('/layers/llm/model').waitFor();
  await page.keyboard.press('Enter');
  await page.keyboard.type('", "value": "tavus-gpt-5.2" } ]');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+S');
  await page.locator('.tabs-container .tab.dirty').waitFor({ state: 'detached' });
});

test('Apply Patch File previews the ops and changes the persona on the server', async () => {
  await runCommand(page, 'Tavus: Apply Patch File');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /replace \/layers\/llm\/model = "tavus-gpt-5.2"/);
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  const model = () => (session.sandbox.getStored(FIXTURE_IDS.onboarding)?.layers as { llm: { model: string } }).llm.model;
  await until(() => model() === 'tavus-gpt-5.2', 'the sandbox to hold the patched model');
});
