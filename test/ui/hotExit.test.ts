import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editorText, waitForWorkbench } from '../host/browser';
import { FIXTURE_IDS } from '../server/fixtures';
import { appendToSystemPrompt, openOnboardingGuide } from './steps';
import { useUiSession } from './support';
import { until } from './until';

const ui = useUiSession();

const dirtyTab = () => ui().page.locator('.tabs-container .tab.dirty[aria-label*="Onboarding Guide"]');

test('unsaved edits to a persona survive a window reload, still dirty, and then save', async () => {
  await openOnboardingGuide(ui().page);
  await appendToSystemPrompt(ui().page, ' Survives reloads.');
  await dirtyTab().waitFor();

  // The web workbench backs dirty editors up a moment after each change, not at unload.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await ui().page.reload();
  await waitForWorkbench(ui().page);
  await dirtyTab().waitFor();
  await ui().page.locator('.editor-group-container.active .view-line', { hasText: 'Survives reloads.' }).waitFor();
  assert.match(await editorText(ui().page), /three sentences\. Survives reloads\."/);
  assert.doesNotMatch(ui().sandbox.getStored(FIXTURE_IDS.onboarding)!.system_prompt as string, /Survives/);

  await ui().page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await ui().page.keyboard.press('Control+S');
  const dialog = ui().page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await until(
    () => ui().sandbox.getStored(FIXTURE_IDS.onboarding)!.system_prompt === 'You walk new customers through account setup. Keep answers under three sentences. Survives reloads.',
    'the sandbox to hold the restored edit',
  );
  await dirtyTab().waitFor({ state: 'detached' });
});
