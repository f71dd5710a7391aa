import type { Page } from 'playwright-core';
import { formatPersona } from '../../src/core/personaDocument';
import { activityBarItem, runCommand, screenshot, waitForWorkbench } from '../../test/host/browser';
import { FIXTURE_IDS } from '../../test/server/fixtures';
import type { RecordedRequest } from '../../test/server/requestLog';
import { goToEndOf } from '../../test/ui/steps';
import { armProbe, readProbe, type Probe } from './probe';
import type { BenchSession } from './session';

export const BIG_PERSONA_ID = 'pb5e0c0a11f00';
export const PATCH_FILE = 'bench.tavus-patch.json';
export const PATCH_FILE_TEXT = `// tavus-persona: ${BIG_PERSONA_ID}\n[\n  { "op": "replace", "path": "" }\n]\n`;

/** One measured action: the samples, in ms, and the /v2 requests of the run that made the most. */
export interface Samples {
  ms: number[];
  requests: string[];
}

type Sample = [ms: number, requests: string[]];

/** "GET /v2/personas", "PATCH /v2/personas/{id}": what a request was, without whose. */
function requestShape(request: RecordedRequest): string {
  return `${request.method} ${request.path.replace(/\/v2\/personas\/[^/]+/, '/v2/personas/{id}')}`;
}

const QUICK_INPUT = '.quick-input-widget .quick-input-box input';
const EDITOR_LINE = '.editor-group-container.active .view-line';
/** Persona rows sit under a group row; the "Loading personas…" line is a top-level row. */
const PERSONA_ROW = '.part.sidebar .pane-body .monaco-list-row[aria-level="2"]';

async function timed(session: BenchSession, probe: Probe, act: () => Promise<unknown>): Promise<Sample> {
  await armProbe(session.page, probe);
  const before = session.sandbox.requests.length;
  await act();
  try {
    const ms = await readProbe(session.page);
    return [ms, session.sandbox.requests.slice(before).map(requestShape)];
  } catch (error) {
    const file = await screenshot(session.page, 'bench-ui-failure.png');
    throw new Error(`${(error as Error).message}\nwaiting for ${JSON.stringify(probe)}; screenshot: ${file}`);
  }
}

function collect(): Samples & { add(sample: Sample): void } {
  const samples = {
    ms: [] as number[],
    requests: [] as string[],
    add([ms, requests]: Sample) {
      samples.ms.push(ms);
      if (requests.length > samples.requests.length) samples.requests = requests;
    },
  };
  return samples;
}

async function openWorkspaceFile(page: Page, name: string): Promise<void> {
  await runCommand(page, 'Go to File...');
  await page.locator(QUICK_INPUT).fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
}

/**
 * Activation → first persona rows. `around` wraps each measured click (the profiles: each run has a
 * new extension host). Each run reloads the workbench with the Explorer showing and no
 * editor open, so nothing activates the extension (it has no `*` or startup activation) until the
 * Tavus activity-bar item is clicked; a reload starts a new extension host. Starts on that click's
 * mousedown, stops on the frame showing the first persona row (the first page of the listing).
 */
const TAVUS_SHOWN = '.part.activitybar .action-item.checked .action-label[aria-label="Tavus"]';

export async function activationToRows(
  session: BenchSession,
  runs: number,
  around: <T>(run: () => Promise<T>) => Promise<T> = (run) => run(),
): Promise<Samples> {
  const { page } = session;
  const samples = collect();
  const tavusShown = page.locator(TAVUS_SHOWN);
  for (let run = 0; run < runs; run++) {
    // The workbench stores which view container is shown asynchronously; a reload too soon after
    // Show Explorer can come back with the Tavus view open, the extension already active.
    do {
      await runCommand(page, 'View: Show Explorer');
      await page.waitForTimeout(1_000);
      await page.reload();
      await waitForWorkbench(page);
      await activityBarItem(page, 'Tavus').waitFor();
    } while (await tavusShown.count());
    // The new extension host starts the built-in extensions first; a user clicks after that.
    await page.waitForTimeout(2_000);
    samples.add(
      await around(() =>
        timed(session, { event: 'mousedown', selector: PERSONA_ROW, until: 'present' }, () =>
          activityBarItem(page, 'Tavus').click(),
        ),
      ),
    );
    await page.locator('.part.sidebar').getByText('Loading personas').waitFor({ state: 'detached' });
  }
  return samples;
}

/**
 * Click on the 200 KB persona's row → its text on screen. Each run closes the editors first, so the
 * click opens the document. Starts on the row's mousedown, stops on the frame showing the first
 * rule of its system prompt in the editor.
 */
export async function clickToText(session: BenchSession, runs: number): Promise<Samples> {
  const { page } = session;
  // Shown already after the activation case; not when only later cases run.
  if (!(await page.locator(TAVUS_SHOWN).count())) await activityBarItem(page, 'Tavus').click();
  await runCommand(page, 'Tavus: Filter Personas…');
  await page.locator(QUICK_INPUT).fill('Policy Encyclopedia');
  await page.keyboard.press('Enter');
  // Not the filter's own row ("Filter: Policy Encyclopedia"), which sits at the top level.
  const row = page.locator(PERSONA_ROW, { hasText: 'Policy Encyclopedia' }).first();
  await row.waitFor();
  const samples = collect();
  for (let run = 0; run < runs; run++) {
    if (run > 0) await closeAllEditors(page);
    await page.waitForTimeout(300);
    samples.add(
      await timed(session, { event: 'mousedown', selector: EDITOR_LINE, text: 'Rule 0001', until: 'present' }, () => row.click()),
    );
  }
  return samples;
}

const PREVIEW_TAB = '.tabs-container .tab[aria-label*="(Tavus ↔ proposed)"]';
/** How long the save case looks at the preview before Apply. */
export const READING_MS = 500;

/**
 * With the 200 KB persona open (clickToText leaves it so): one field changed, then
 * Ctrl+S → preview dialog (starts on the S keydown, stops on the frame showing the dialog), then
 * Apply → clean tab (starts on the Apply button's mousedown, stops on the frame without the dirty tab).
 */
export async function saveAndApply(session: BenchSession, runs: number): Promise<{ preview: Samples; apply: Samples }> {
  const { page, sandbox } = session;
  const dirtyTab = '.tabs-container .tab.dirty[aria-label*="Policy Encyclopedia"]';
  const dialog = page.locator('.monaco-dialog-box');
  const preview = collect();
  const apply = collect();
  for (let run = 0; run < runs; run++) {
    await goToEndOf(page, formatPersona(sandbox.getStored(FIXTURE_IDS.bigPrompt)!), 'question 1500 by');
    await page.keyboard.type(` x${run}`);
    await page.locator(dirtyTab).waitFor();
    preview.add(
      await timed(session, { event: 'keydown', key: 's', selector: '.monaco-dialog-box', until: 'present' }, () =>
        page.keyboard.press('Control+S'),
      ),
    );
    // The diff opens behind the dialog; a user reads it before choosing.
    await page.locator(PREVIEW_TAB).first().waitFor();
    await page.waitForTimeout(READING_MS);
    apply.add(
      await timed(session, { event: 'mousedown', selector: dirtyTab, until: 'absent' }, () =>
        dialog.getByRole('button', { name: 'Apply', exact: true }).click(),
      ),
    );
    await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' });
    await page.locator(PREVIEW_TAB).first().waitFor({ state: 'detached' });
  }
  return { preview, apply };
}

/**
 * In a patch file targeting the 5 MB persona: typing "/" in an empty "path" → the completion list.
 * Starts on the "/" keydown, stops on the frame showing the suggest widget with rows.
 */
export async function patchCompletion(session: BenchSession, runs: number): Promise<Samples> {
  const { page } = session;
  await closeAllEditors(page);
  await openWorkspaceFile(page, PATCH_FILE);
  await page.locator(EDITOR_LINE, { hasText: 'tavus-persona' }).waitFor();
  await goToEndOf(page, PATCH_FILE_TEXT, '"path": "');
  const suggestRows = '.editor-widget.suggest-widget.visible .monaco-list-row';
  const retype = async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(200);
  };
  // Not timed: the first "/" waits for the target's fetch, and one typed while the extension is
  // still activating (it activates on the patch file's language) finds no provider, so retry.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('/');
    const shown = await page
      .locator(suggestRows)
      .first()
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => attempt >= 5,
      );
    await retype();
    if (shown) break;
  }
  const samples = collect();
  for (let run = 0; run < runs; run++) {
    samples.add(
      await timed(session, { event: 'keydown', key: '/', selector: suggestRows, until: 'present' }, () =>
        page.keyboard.press('/'),
      ),
    );
    await retype();
  }
  // Typed and deleted, the file is still dirty; Close All Editors would ask to save it.
  await runCommand(page, 'File: Revert File');
  return samples;
}

/** The 5 MB persona's text as a plain JSON file of the workspace: typing into it is U6's peer. */
export const PEER_FILE = 'five-megabytes.json';

/**
 * Typing into the 5 MB persona's system prompt, about seven characters a second. Starts on each
 * letter's keydown, stops on the frame whose editor line shows it.
 */
export function typingInBigPersona(session: BenchSession, keystrokes: number): Promise<Samples> {
  return typingIntoSystemPrompt(session, keystrokes, async (page) => {
    await runCommand(page, 'Tavus: Open Persona by ID…');
    await page.locator(QUICK_INPUT).fill(BIG_PERSONA_ID);
    await page.keyboard.press('Enter');
  });
}

/**
 * The peer of typingInBigPersona: the same text in a workspace file (file://, JSON), which no part
 * of this extension touches, typed the same way: what the workbench and VS Code's own JSON support
 * cost per keystroke in a 5 MB document.
 */
export function typingInPlainFile(session: BenchSession, keystrokes: number): Promise<Samples> {
  return typingIntoSystemPrompt(session, keystrokes, (page) => openWorkspaceFile(page, PEER_FILE));
}

/** Opens the 5 MB persona's text with `open` (editors closed first) and types into its system prompt. */
async function typingIntoSystemPrompt(
  session: BenchSession,
  keystrokes: number,
  open: (page: Page) => Promise<void>,
): Promise<Samples> {
  const { page, sandbox } = session;
  await closeAllEditors(page);
  await open(page);
  await page.locator(EDITOR_LINE, { hasText: 'Be helpful' }).first().waitFor({ timeout: 60_000 });
  await goToEndOf(page, formatPersona(sandbox.getStored(BIG_PERSONA_ID)!), '"system_prompt": "');
  const samples = await typeLetters(session, keystrokes);
  // Typed, the document is dirty; Close All Editors would ask to save it.
  await runCommand(page, 'File: Revert File');
  return samples;
}

async function typeLetters(session: BenchSession, keystrokes: number): Promise<Samples> {
  const { page } = session;
  const samples = collect();
  let typed = '';
  for (let i = 0; i < keystrokes; i++) {
    const letter = 'abcdefghijklmnopqrstuvwxyz'[i % 26]!;
    typed += letter;
    samples.add(
      await timed(
        session,
        { event: 'keydown', key: letter, selector: EDITOR_LINE, text: `${typed}Be helpful`, until: 'present' },
        () => page.keyboard.press(letter),
      ),
    );
    await page.waitForTimeout(150);
  }
  return samples;
}
