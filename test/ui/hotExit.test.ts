import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { editorText, waitForWorkbench } from '../host/browser';
import { FIXTURE_IDS } from '../server/fixtures';
import { appendToSystemPrompt, openOnboardingGuide } from './steps';
import { useUiSession } from './support';
import { until } from './until';

// Auto-save (on by default in the web workbench) is left out: its failed attempts would only
// delay the backup this test is about.
const ui = useUiSession({ settings: { 'files.autoSave': 'off' } });

/** code-server keeps backups of unsaved tavus: documents under User/Backups/<workspace>/tavus/. */
function backupHolds(text: string): boolean {
  const backups = path.join(ui().userDataDir, 'User', 'Backups');
  if (!fs.existsSync(backups)) return false;
  return fs
    .readdirSync(backups, { recursive: true, encoding: 'utf8' })
    .map((file) => path.join(backups, file))
    .some(
      (file) =>
        file.includes(`${path.sep}tavus${path.sep}`) &&
        fs.statSync(file).isFile() &&
        fs.readFileSync(file, 'utf8').includes(text),
    );
}

const dirtyTab = () => ui().page.locator('.tabs-container .tab.dirty[aria-label*="Onboarding Guide"]');

test('unsaved edits to a persona survive a window reload, still dirty, and then save', async () => {
  await openOnboardingGuide(ui().page);
  await appendToSystemPrompt(ui().page, ' Survives reloads.');
  await dirtyTab().waitFor();

  // The web workbench backs dirty editors up a moment after each change, not at unload.
  await until(() => backupHolds(' Survives reloads.'), 'the backup of the unsaved persona');
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
    () =>
      ui().sandbox.getStored(FIXTURE_IDS.onboarding)!.system_prompt ===
      'You walk new customers through account setup. Keep answers under three sentences. Survives reloads.',
    'the sandbox to hold the restored edit',
  );
  await dirtyTab().waitFor({ state: 'detached' });
});

test('another client changes another field while the window reloads; the restored edit then merges, undoing nothing of theirs', async () => {
  const { page, sandbox } = ui();
  await appendToSystemPrompt(page, ' Merged after a reload.');
  await dirtyTab().waitFor();
  await until(() => backupHolds(' Merged after a reload.'), 'the backup of the unsaved persona');

  const reloading = page.reload();
  sandbox.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/context', value: 'Changed during the reload' }]);
  await reloading;
  await waitForWorkbench(page);
  await dirtyTab().waitFor();
  await page.locator('.editor-group-container.active .view-line', { hasText: 'Merged after a reload.' }).waitFor();

  sandbox.requests.length = 0;
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+S');
  await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Apply', exact: true }).click();
  // Merge is offered only when the origin was restored: an unknown origin cannot be merged from.
  await page
    .locator('.monaco-dialog-box', { hasText: 'changed on Tavus since you opened it' })
    .getByRole('button', { name: 'Merge', exact: true })
    .click();
  await page.locator('.monaco-dialog-box', { hasText: 'Apply' }).getByRole('button', { name: 'Apply', exact: true }).click();
  await until(
    () => /Merged after a reload\.$/.test(String(sandbox.getStored(FIXTURE_IDS.onboarding)?.system_prompt)),
    'the merged save',
  );
  assert.equal(sandbox.getStored(FIXTURE_IDS.onboarding)!.context, 'Changed during the reload');
  const sent = sandbox.requests.filter((request) => request.method === 'PATCH').map((request) => request.body ?? '');
  assert.doesNotMatch(sent.join('\n'), /"\/context"/, 'nothing of the other change is sent back');
  await dirtyTab().waitFor({ state: 'detached' });
  await page.locator('.editor-group-container.active .view-line', { hasText: 'Changed during the reload' }).waitFor();
});
