import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { FIXTURE_IDS } from '../server/fixtures';
import { fromContextMenu, goToEndOf, showPersonasMatching } from './steps';
import { useUiSession } from './support';
import { until } from './until';

const ui = useUiSession();
const FILE = 'Onboarding Guide.persona.json';

test('a persona pulled to the workspace from the tree, edited as a file and pushed through the preview', async () => {
  const { page, sandbox, workspace } = ui();
  await showPersonasMatching(page, 'Onboarding');
  const row = page.locator('.part.sidebar .monaco-list-row', { hasText: 'Onboarding Guide' }).first();
  const pathBox = page.locator('.quick-input-widget .quick-input-box input');
  await fromContextMenu(page, row, 'Pull Persona to Workspace…', pathBox);
  assert.equal(await pathBox.inputValue(), FILE);
  await page.keyboard.press('Enter');

  await page.locator('.tab', { hasText: FILE }).waitFor();
  await page.locator('.editor-group-container.active .view-line', { hasText: '"$tavus"' }).waitFor();
  const written = path.join(workspace, FILE);
  const text = fs.readFileSync(written, 'utf8');
  assert.ok(text.includes(`"default": "${FIXTURE_IDS.onboarding}"`));
  assert.ok(!text.includes('"persona_id"') && !text.includes('"updated_at"'));

  await goToEndOf(page, text, '"system_prompt": "');
  await page.keyboard.type('Greet them warmly. ');
  await page.keyboard.press('Control+S');
  await until(() => fs.readFileSync(written, 'utf8').includes('Greet them warmly. '), 'the edit saved to the file');

  await page.locator('.editor-group-container.active .editor-actions [aria-label^="Push Persona File"]').click();
  const preview = page.locator('.monaco-dialog-box', { hasText: 'Apply 1 change to "Onboarding Guide" on Tavus?' });
  await preview.getByText('/system_prompt').first().waitFor();
  await preview.getByRole('button', { name: 'Apply', exact: true }).click();
  await until(
    () =>
      String(sandbox.getStored(FIXTURE_IDS.onboarding)?.system_prompt).startsWith('Greet them warmly. You walk new customers'),
    'the pushed prompt on Tavus',
  );
  assert.equal(sandbox.requests.filter((r) => r.method === 'PATCH').length, 1);
});
