import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editorText, runCommand, screenshot, toasts, waitForTab } from '../host/browser';
import { FIXTURE_IDS } from '../server/fixtures';
import { formatPersona } from '../../src/core/personaDocument';
import { answerPreview, appendToSystemPrompt, goToEndOf, openOnboardingGuide, waitForCompleteListing } from './steps';
import { useUiSession } from './support';
import { until } from './until';

// code-server's own defaults, auto-save after a second included: that is what a user of the demo has.
const ui = useUiSession();

const dirtyTab = (name: string) => ui().page.locator(`.tabs-container .tab.dirty[aria-label*="${name}"]`);

test('auto-save leaves a persona document alone: no toast, the dirty dot shows', async () => {
  const { page } = ui();
  await openOnboardingGuide(page);
  await appendToSystemPrompt(page, ' Auto.');
  await dirtyTab('Onboarding Guide').waitFor();
  // Three auto-save delays; only waiting can show that nothing happens.
  await page.waitForTimeout(3_000);
  assert.deepEqual(await toasts(page), []);
  await dirtyTab('Onboarding Guide').waitFor();
  assert.equal(ui().sandbox.requests.filter((r) => r.method === 'PATCH').length, 0);
});

test('Ctrl+S → preview → Cancel: no toast, still dirty; Ctrl+S → Apply: clean', async () => {
  const { page, sandbox } = ui();
  await page.keyboard.press('Control+S');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  await answerPreview(page, 'Cancel');
  await dialog.waitFor({ state: 'detached' });
  await page.waitForTimeout(500);
  assert.deepEqual(await toasts(page), []);
  await dirtyTab('Onboarding Guide').waitFor();

  await page.keyboard.press('Control+S');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await until(
    () => /Auto\.$/.test(String(sandbox.getStored(FIXTURE_IDS.onboarding)?.system_prompt)),
    'the sandbox to hold the edit',
  );
  await dirtyTab('Onboarding Guide').waitFor({ state: 'detached' });
  // Only the request's progress notification showed, and it closes once the save is done.
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' });
});

test('Review in Editor leaves the diff open with Apply and Cancel in its title', async () => {
  const { page, sandbox } = ui();
  await appendToSystemPrompt(page, ' Reviewed.');
  await page.keyboard.press('Control+S');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.getByRole('button', { name: 'Review in Editor' }).click();
  await waitForTab(page, '(Tavus ↔ proposed)');
  const apply = page.locator('.editor-group-container.active .editor-actions [aria-label^="Apply"]');
  await page.locator('.editor-group-container.active .editor-actions [aria-label^="Cancel"]').waitFor();
  await apply.click();
  await until(
    () => /Reviewed\.$/.test(String(sandbox.getStored(FIXTURE_IDS.onboarding)?.system_prompt)),
    'the sandbox to hold the edit',
  );
  await dirtyTab('Onboarding Guide').waitFor({ state: 'detached' });
});

test('a one-rule change in a 200 KB system prompt is visible in the preview without scrolling', async () => {
  const { page, sandbox } = ui();
  await runCommand(page, 'Tavus: Open Persona by ID…');
  await page.locator('.quick-input-widget .quick-input-box input').fill(FIXTURE_IDS.bigPrompt);
  await page.keyboard.press('Enter');
  await waitForTab(page, 'Policy Encyclopedia');
  await waitForCompleteListing(page).catch(() => undefined);
  // Typing before the editor shows this persona would land in the previous tab's editor.
  await page.locator('.editor-group-container.active .view-line', { hasText: 'Policy Encyclopedia' }).first().waitFor();
  const text = formatPersona(sandbox.getStored(FIXTURE_IDS.bigPrompt)!);
  await goToEndOf(page, text, 'question 1500 by');
  await page.keyboard.type(' carefully');
  await dirtyTab('Policy Encyclopedia').waitFor();
  await page.keyboard.press('Control+S');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /1500 by ?\[\+ ?carefully ?\]/);
  // The diff behind it opens at the changed rule, with the rule on screen.
  await page.locator('.editor-group-container .monaco-diff-editor .view-line', { hasText: 'Rule 1500' }).first().waitFor();
  await screenshot(page, 'save-preview.png');
  await answerPreview(page, 'Cancel');
  assert.match(await editorText(page), /question 1500 by carefully/);
});
