import * as fs from 'fs';
import * as path from 'path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { makeScratchDir, scratchHomeEnv, testResultsDir } from './paths';

export interface Workbench {
  page: Page;
  /** Closes the browser and removes its scratch home. */
  close(): Promise<void>;
}

export interface OpenWorkbenchOptions {
  /** Runs on the fresh page before navigation, e.g. to `exposeFunction` what the workbench calls early. */
  beforeNavigate?: (page: Page) => Promise<unknown>;
}

/** Debian's Chromium; `playwright install` would download a browser, which these machines cannot. */
const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The part of a DOM element editorText reads; the tests compile without the DOM lib. */
interface RenderedLine {
  style: { top: string };
}

const SELECTORS = {
  workbench: '.monaco-workbench',
  activityBar: '.part.activitybar',
  activeEditorGroup: '.editor-group-container.active',
  quickInput: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .monaco-list-row',
  treeRowLabel: '.part.sidebar .monaco-list-row .label-name',
  activeEditorLine: '.editor-group-container.active .editor-instance .monaco-editor .view-line',
  toastMessage: '.notifications-toasts .notification-toast.notification-fade-in-done .notification-list-item-message',
};

/** Launches a headless Chromium with a fresh profile and opens `url` in it. */
export async function openWorkbench(url: string, options: OpenWorkbenchOptions = {}): Promise<Workbench> {
  const home = makeScratchDir('tavus-chromium');
  const removeHome = () => fs.rmSync(home, { recursive: true, force: true });
  const browser = await launchChromium(home).catch((error: unknown) => {
    removeHome();
    throw error;
  });
  const close = async () => {
    await browser.close();
    removeHome();
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await options.beforeNavigate?.(page);
    await page.goto(url);
    return { page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Waits until the workbench has rendered its activity bar. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator(SELECTORS.workbench).waitFor();
  await page.locator(SELECTORS.activityBar).waitFor();
}

/** The activity-bar item of a view container; built-in ones append their keybinding to the label. */
export function activityBarItem(page: Page, title: string): Locator {
  return page.locator(
    `${SELECTORS.activityBar} .action-label[aria-label="${title}"], ${SELECTORS.activityBar} .action-label[aria-label^="${title} ("]`,
  );
}

/** Runs a command by its exact palette title (e.g. "Tavus: Refresh Personas") via F1. */
export async function runCommand(page: Page, title: string): Promise<void> {
  // F1 needs keyboard focus inside the workbench; focusing the editor group, rather than
  // clicking somewhere, cannot trigger a control (the activity bar's corner is the app menu).
  // The palette closes when an editor closing elsewhere (a preview that goes after its answer)
  // moves the focus; a user presses F1 again, and so does this, twice at most.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.locator(SELECTORS.activeEditorGroup).focus();
      await page.keyboard.press('F1');
      await page.locator(SELECTORS.quickInput).fill(`>${title}`, { timeout: 10_000 });
      await page
        .locator(SELECTORS.quickInputRow)
        .filter({ has: page.locator('.label-name', { hasText: exactText(title) }) })
        .first()
        .click({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Labels of the rows currently rendered in the side bar's trees. */
export function treeRows(page: Page): Promise<string[]> {
  return page.locator(SELECTORS.treeRowLabel).allTextContents();
}

/** Text of the active editor's rendered lines (Monaco renders only the visible ones). */
export async function editorText(page: Page): Promise<string> {
  const lines = await page.locator(SELECTORS.activeEditorLine).evaluateAll((elements) =>
    elements
      .map((element) => ({ top: parseFloat((element as unknown as RenderedLine).style.top), text: element.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text),
  );
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/** Messages of the notification toasts currently shown. */
export function toasts(page: Page): Promise<string[]> {
  return page.locator(SELECTORS.toastMessage).allTextContents();
}

/** Waits for an editor tab whose title contains `title`; a timeout names the notifications shown, which usually say why. */
export async function waitForTab(page: Page, title: string): Promise<void> {
  try {
    await page.locator(`.tabs-container .tab[aria-label*="${title}"]`).waitFor();
  } catch (error) {
    throw new Error(`${(error as Error).message}\nNotifications shown: ${JSON.stringify(await toasts(page))}`);
  }
}

/** Saves a screenshot; a relative `file` goes under test-results/. Returns the absolute path. */
export async function screenshot(page: Page, file: string): Promise<string> {
  const target = path.resolve(testResultsDir, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await page.screenshot({ path: target });
  return target;
}

function launchChromium(home: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...scratchHomeEnv(home) },
  });
}

function exactText(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
