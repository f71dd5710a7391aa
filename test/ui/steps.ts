import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { activityBarItem, runCommand } from '../host/browser';

/** Opens the Onboarding Guide persona from the Tavus view, filtered so its row is on screen. */
export async function openOnboardingGuide(page: Page): Promise<void> {
  await activityBarItem(page, 'Tavus').click();
  await waitForCompleteListing(page);
  await runCommand(page, 'Tavus: Filter Personas…');
  await page.locator('.quick-input-widget .quick-input-box input').fill('Onboarding');
  await page.keyboard.press('Enter');
  await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Onboarding Guide' }).first().click();
  await page.locator('.editor-group-container.active .view-line', { hasText: 'system_prompt' }).waitFor();
}

/** Types at the end of the Onboarding Guide's system prompt (line 5, before its closing quote). */
export async function appendToSystemPrompt(page: Page, text: string): Promise<void> {
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').fill(':5');
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type(text);
}

/**
 * Puts the cursor right after the first `needle` in the active editor, whose text is `text`, with
 * Go to Line/Column: deterministic where the find widget's incremental search on a long line is not.
 */
export async function goToEndOf(page: Page, text: string, needle: string): Promise<void> {
  const end = text.indexOf(needle) + needle.length;
  const before = text.slice(0, end).split('\n');
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+G');
  await page
    .locator('.quick-input-widget .quick-input-box input')
    .fill(`:${before.length}:${before[before.length - 1]!.length + 1}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Rows re-sort while later pages arrive, so click one only once the view stops saying it is loading. */
export async function waitForCompleteListing(page: Page): Promise<void> {
  await page.locator('.part.sidebar .monaco-list-row', { hasText: 'My Personas' }).first().waitFor();
  await page.locator('.part.sidebar').getByText('Loading personas').waitFor({ state: 'detached' });
}

/** The Tavus view, its listing complete, filtered to the personas whose name or id contains `text`. */
export async function showPersonasMatching(page: Page, text: string): Promise<void> {
  await activityBarItem(page, 'Tavus').click();
  await waitForCompleteListing(page);
  await runCommand(page, 'Tavus: Filter Personas…');
  await page.locator('.quick-input-widget .quick-input-box input').fill(text);
  await page.keyboard.press('Enter');
}

/**
 * Runs a row's context-menu item by keyboard, until `shows` appears: a view that re-renders
 * under an open context menu swallows the click, and the menu is then opened again.
 */
export async function fromContextMenu(page: Page, row: Locator, item: string, shows: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await row.click({ button: 'right' });
    await page.locator('.context-view .action-label', { hasText: new RegExp(`^${item}$`) }).hover();
    await page.keyboard.press('Enter');
    const shown = await shows.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (shown) return;
    assert.ok(attempt < 3, `${item} shows what it asks`);
    await page.keyboard.press('Escape');
  }
}

/**
 * Answers the save preview's question. The diff opens behind the question and closes after the
 * answer, so an answer given at once (as a test does) is followed by the diff opening and closing:
 * wait for both before going on, as a user sees the preview flash and go.
 */
export async function answerPreview(page: Page, button: 'Apply' | 'Cancel'): Promise<void> {
  const previewTab = page.locator('.tabs-container .tab[aria-label*="(Tavus ↔ proposed)"]').first();
  await page.locator('.monaco-dialog-box').getByRole('button', { name: button, exact: true }).click();
  await previewTab.waitFor({ timeout: 5_000 }).catch(() => undefined);
  await previewTab.waitFor({ state: 'detached' });
}
