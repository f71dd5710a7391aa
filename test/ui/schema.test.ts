import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { runCommand, screenshot } from '../host/browser';
import { formatPersona } from '../../src/core/personaDocument';
import { FIXTURE_IDS, createFixturePersonas } from '../server/fixtures';
import { openOnboardingGuide } from './steps';
import { useUiSession } from './support';

const ui = useUiSession();

const onboardingText = formatPersona(
  createFixturePersonas().find(({ persona }) => persona.persona_id === FIXTURE_IDS.onboarding)!.persona,
);

const suggestion = (label: string) =>
  ui().page.locator('.editor-widget.suggest-widget.visible .monaco-list-row .label-name', { hasText: label }).first();

/** Selects line `key`'s text after its indentation, so typing replaces the whole member. */
async function selectMemberLine(page: Page, key: string): Promise<void> {
  const line = onboardingText.split('\n').findIndex((text) => text.trimStart().startsWith(`"${key}":`)) + 1;
  assert.ok(line > 0, `${key} is in the onboarding persona`);
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
}

/**
 * Opens the marker widget (F8) on the problem whose message holds `text`; a mouse hover would land on the
 * sticky-scroll header. F8 shows the problem the markers held when it was pressed, and the validation of a
 * fresh edit can arrive after another problem's squiggle, so it steps on until that message is shown.
 */
async function showMarkerWith(page: Page, text: string) {
  const marker = page.locator('.marker-widget', { hasText: text }).first();
  for (let attempt = 0; attempt < 10; attempt++) {
    await page.keyboard.press('F8');
    if (
      await marker.waitFor({ timeout: 3000 }).then(
        () => true,
        () => false,
      )
    ) {
      return marker;
    }
  }
  await marker.waitFor();
  return marker;
}

test('completing "perception_model": " offers the allowed models and inserts the chosen one', async () => {
  const page = ui().page;
  await openOnboardingGuide(page);
  await selectMemberLine(page, 'perception_model');
  // The editor closes each quote as it is typed, so this leaves the cursor inside an empty value.
  await page.keyboard.type('"perception_model": "');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Space');
  await suggestion('raven-0').waitFor();
  await suggestion('off').waitFor();
  await screenshot(page, 'schema-completion.png');
  await page.keyboard.press('ArrowDown');
  await page.locator('.suggest-widget .monaco-list-row.focused .label-name', { hasText: 'raven-0' }).waitFor();
  await page.keyboard.press('Enter');
  await page.keyboard.type(',');
  await page.keyboard.press('Escape');
  await page.locator('.editor-group-container.active .view-line', { hasText: '"perception_model": "raven-0",' }).waitFor();
});

test('an invalid tts_engine gets a squiggle with the allowed engines', async () => {
  const page = ui().page;
  // Only the word is replaced, so no quote is typed for the editor to auto-close.
  await page
    .locator('.editor-group-container.active .view-line span', { hasText: /^"cartesia"$/ })
    .first()
    .dblclick();
  await page.keyboard.type('playhd');
  await page.keyboard.press('Escape');
  await page.locator('.editor-group-container.active .view-line', { hasText: '"tts_engine": "playhd",' }).waitFor();
  await page.locator('.editor-group-container.active .squiggly-error').first().waitFor();
  const marker = await showMarkerWith(page, 'is not a documented value of "tts_engine"');
  assert.match(await marker.innerText(), /Allowed: cartesia, elevenlabs, azure/);
  await screenshot(page, 'schema-diagnostics.png');
  await runCommand(page, 'File: Revert File');
});
