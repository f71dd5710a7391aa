import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCommand, screenshot, waitForTab } from '../host/browser';
import { FIXTURE_IDS } from '../server/fixtures';
import { useUiSession } from './support';
import { until } from './until';

const ui = useUiSession();

const suggestion = (label: string) =>
  ui().page.locator('.editor-widget.suggest-widget.visible .monaco-list-row .label-name', { hasText: label }).first();

test('New Patch File creates a patch file with the target header', async () => {
  await runCommand(ui().page, 'Tavus: New Patch File for Persona');
  await ui().page.locator('.quick-input-widget .quick-input-box input').fill('Onboarding Guide');
  await ui().page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Onboarding Guide' }).first().click();
  await waitForTab(ui().page, 'onboarding-guide.tavus-patch.json');
  await ui()
    .page.locator('.editor-group-container.active .view-line', { hasText: `tavus-persona: ${FIXTURE_IDS.onboarding}` })
    .waitFor();
});

test('typing a path and pressing Ctrl+Space completes JSON pointers of the persona', async () => {
  await ui().page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await ui().page.keyboard.press('Control+A');
  await ui().page.keyboard.type(`// tavus-persona: ${FIXTURE_IDS.onboarding}\n[ { "op": "replace", "path": "/lay`);
  await ui().page.keyboard.press('Escape');
  await ui().page.keyboard.press('Control+Space');
  await suggestion('/layers').waitFor();
  await ui().page.keyboard.press('Enter');
  await ui().page.keyboard.type('/llm/');
  await ui().page.keyboard.press('Control+Space');
  await suggestion('/layers/llm/model').waitFor();
  await screenshot(ui().page, 'patch-completion.png');
  await ui().page.keyboard.type('mod');
  await suggestion('/layers/llm/model').waitFor();
  await ui().page.keyboard.press('Enter');
  await ui().page.keyboard.type('", "value": "tavus-gpt-5.2" } ]');
  await ui().page.keyboard.press('Escape');
  await ui().page.keyboard.press('Control+S');
  await ui().page.locator('.tabs-container .tab.dirty').waitFor({ state: 'detached' });
});

test('Apply Patch File previews the ops and changes the persona on the server', async () => {
  await runCommand(ui().page, 'Tavus: Apply Patch File');
  const dialog = ui().page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /replace \/layers\/llm\/model = "tavus-gpt-5.2"/);
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  const model = () => (ui().sandbox.getStored(FIXTURE_IDS.onboarding)?.layers as { llm: { model: string } }).llm.model;
  await until(() => model() === 'tavus-gpt-5.2', 'the sandbox to hold the patched model');
});
