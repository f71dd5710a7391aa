import assert from 'node:assert/strict';
import { type Locator, type Page } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCommand, screenshot, waitForWorkbench } from '../host/browser';
import { FIXTURE_IDS } from '../server/fixtures';
import { answerPreview, appendToSystemPrompt, fromContextMenu, openOnboardingGuide } from './steps';
import { useUiSession } from './support';
import { until } from './until';

const ui = useUiSession();

function pushHistoryView(page: Page): Locator {
  return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Push History' }) });
}

test('a saved change shows in Push History, and Revert This Change puts the original back on Tavus', async () => {
  const { page, sandbox } = ui();
  const original = sandbox.getStored(FIXTURE_IDS.onboarding)!.system_prompt;
  await openOnboardingGuide(page);
  await appendToSystemPrompt(page, ' Changed here.');
  await page.keyboard.press('Control+S');
  await answerPreview(page, 'Apply');
  await until(() => /Changed here\.$/.test(String(sandbox.getStored(FIXTURE_IDS.onboarding)?.system_prompt)), 'the save');

  await runCommand(page, 'Tavus: Show Push History');
  const history = pushHistoryView(page);
  await history.locator('.monaco-list-row', { hasText: 'Onboarding Guide' }).first().waitFor();
  const entry = history.locator('.monaco-list-row', { hasText: 'save · 1 op' }).first();
  await entry.waitFor();
  await screenshot(page, 'push-history.png');

  const preview = page.locator('.monaco-dialog-box', { hasText: 'Onboarding Guide' });
  await fromContextMenu(page, entry, 'Revert This Change', preview);
  await answerPreview(page, 'Apply');
  await until(() => sandbox.getStored(FIXTURE_IDS.onboarding)?.system_prompt === original, 'the original system prompt on Tavus');
  await history.locator('.monaco-list-row', { hasText: 'revert · 1 op' }).first().waitFor();
});

test('the history survives a window reload (a new extension host); Clear Push History asks first, and Cancel keeps it', async () => {
  const { page, userDataDir } = ui();
  // A reload in the very moment of a write may not give the extension time to finish it; a user's
  // reload comes later. Wait for the revert's entry to be on disk, then reload.
  await until(() => historyFilesIn(userDataDir).some((text) => text.includes('"kind":"revert"')), "the revert's entry on disk");
  await page.reload();
  await waitForWorkbench(page);
  // The Tavus side bar comes back with the window; its rows are the new extension host's.
  const history = pushHistoryView(page);
  await history.locator('.monaco-list-row', { hasText: 'Onboarding Guide' }).first().waitFor();
  await history.locator('.monaco-list-row', { hasText: 'revert · 1 op' }).first().waitFor();

  const question = page.locator('.monaco-dialog-box', { hasText: 'Clear the push history of this account (2 entries)?' });
  await runCommand(page, 'Tavus: Clear Push History');
  await question.getByRole('button', { name: 'Cancel', exact: true }).click();
  await question.waitFor({ state: 'detached' });
  await history.locator('.monaco-list-row', { hasText: 'save · 1 op' }).first().waitFor();

  await runCommand(page, 'Tavus: Clear Push History');
  await question.getByRole('button', { name: 'Clear', exact: true }).click();
  await history.getByText('No changes sent from this editor yet.').waitFor();
  assert.equal(await history.locator('.monaco-list-row', { hasText: '1 op' }).count(), 0);
});

/** The push-history files of the extension's global storage, as text. */
function historyFilesIn(userDataDir: string): string[] {
  return readdirSync(userDataDir, { recursive: true, encoding: 'utf8' })
    .filter((path) => /push-history-[0-9a-f]+\.json$/.test(path))
    .map((path) => readFileSync(join(userDataDir, path), 'utf8'));
}
