import assert from 'node:assert/strict';
import { test } from 'node:test';
import { screenshot } from '../host/browser';
import { fromContextMenu, showPersonasMatching } from './steps';
import { useUiSession } from './support';
import { until } from './until';

const ui = useUiSession();

test('a persona duplicated from the tree’s context menu is created through the Create modal, and deleted through the Delete modal', async () => {
  const { page, sandbox } = ui();
  await showPersonasMatching(page, 'Onboarding');
  const personas = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Personas' }) });
  const original = personas.locator('.monaco-list-row', { hasText: 'Onboarding Guide' }).first();

  const nameBox = page.locator('.quick-input-widget .quick-input-box input');
  await fromContextMenu(page, original, 'Duplicate Persona…', nameBox);
  assert.equal(await nameBox.inputValue(), 'Onboarding Guide (copy)');
  await page.keyboard.press('Enter');

  await page.locator('.tab', { hasText: 'Onboarding Guide (copy) (draft, not on Tavus)' }).waitFor();
  await page.locator('.editor-group-container.active .view-line', { hasText: 'system_prompt' }).waitFor();
  await page.getByText('Draft: not yet on Tavus').first().waitFor();
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+S');
  const create = page.locator('.monaco-dialog-box', { hasText: 'Onboarding Guide (copy)' });
  await create.getByRole('button', { name: 'Create', exact: true }).waitFor();
  await screenshot(page, 'create-preview.png');
  await create.getByRole('button', { name: 'Create', exact: true }).click();

  const copy = personas.locator('.monaco-list-row', { hasText: 'Onboarding Guide (copy)' });
  await copy.waitFor();
  const id = (await copy.locator('.label-description').textContent())?.trim() ?? '';
  assert.match(id, /^p[0-9a-f]+$/);
  await until(() => sandbox.getStored(id)?.persona_name === 'Onboarding Guide (copy)', 'the copy on Tavus');
  await page.locator('.tab', { hasText: /^Onboarding Guide \(copy\)\.json/ }).waitFor();
  await page.locator('.tab', { hasText: '(draft, not on Tavus)' }).waitFor({ state: 'detached' });

  const warning = page.locator('.monaco-dialog-box', { hasText: `Delete "Onboarding Guide (copy)" (${id}) from Tavus?` });
  await fromContextMenu(page, copy, 'Delete Persona…', warning);
  await warning.getByRole('button', { name: 'Delete', exact: true }).click();
  await until(() => sandbox.getStored(id) === undefined, 'the copy gone from Tavus');
  await copy.waitFor({ state: 'detached' });
  await page
    .locator('.notifications-toasts', { hasText: 'Deleted "Onboarding Guide (copy)"' })
    .getByRole('button', { name: 'Restore' })
    .waitFor();
  await original.waitFor();
});
