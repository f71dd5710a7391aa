import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCommand, screenshot } from '../host/browser';
import { FIXTURE_IDS } from '../server/fixtures';
import { appendToSystemPrompt, openOnboardingGuide } from './steps';
import { useUiSession } from './support';
import { until } from './until';

const ui = useUiSession();

test('a saved change shows in Push History, and Revert This Change puts the original back on Tavus', async () => {
  const { page, sandbox } = ui();
  const original = sandbox.getStored(FIXTURE_IDS.onboarding)!.system_prompt;
  await openOnboardingGuide(page);
  await appendToSystemPrompt(page, ' Changed here.');
  await page.keyboard.press('Control+S');
  await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Apply', exact: true }).click();
  await until(() => /Changed here\.$/.test(String(sandbox.getStored(FIXTURE_IDS.onboarding)?.system_prompt)), 'the save');

  await runCommand(page, 'Tavus: Show Push History');
  const history = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Push History' }) });
  await history.locator('.monaco-list-row', { hasText: 'Onboarding Guide' }).first().waitFor();
  const entry = history.locator('.monaco-list-row', { hasText: 'save · 1 op' }).first();
  await entry.waitFor();
  await screenshot(page, 'push-history.png');

  const preview = page.locator('.monaco-dialog-box', { hasText: 'Onboarding Guide' });
  // By keyboard: a click on a menu item is lost when the view re-renders under the open menu.
  for (let attempt = 1; ; attempt++) {
    await entry.click({ button: 'right' });
    await page.locator('.context-view .action-label', { hasText: /^Revert This Change$/ }).hover();
    await page.keyboard.press('Enter');
    const shown = await preview.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (shown) break;
    assert.ok(attempt < 3, 'the revert preview shows after Revert This Change');
    await page.keyboard.press('Escape');
  }
  await preview.getByRole('button', { name: 'Apply', exact: true }).click();
  await until(() => sandbox.getStored(FIXTURE_IDS.onboarding)?.system_prompt === original, 'the original system prompt on Tavus');
  await history.locator('.monaco-list-row', { hasText: 'revert · 1 op' }).first().waitFor();
});
