import type { Page } from 'playwright-core';

/**
 * What one measurement starts and stops on, all read in the page with performance.now()'s clock:
 * - start: the `timeStamp` of the first trusted `event` after arming (optionally only for `key`),
 *   i.e. when Chromium created the mousedown or keydown, before any workbench handler ran;
 * - stop: the first animation frame after a DOM mutation left the page in the `until` state
 *   (an element matching `selector` whose text contains `text` is present, or none is), i.e. the
 *   frame that paints it.
 * Playwright's own latency (CDP round trips, actionability checks) is outside both.
 */
export interface Probe {
  event: 'mousedown' | 'keydown';
  key?: string;
  selector: string;
  text?: string;
  until: 'present' | 'absent';
}

/** The part of the DOM the probe uses; the bench compiles without the DOM lib. */
interface ProbeElement {
  textContent: string | null;
}
interface ProbeEvent {
  isTrusted: boolean;
  timeStamp: number;
  key?: string;
}
interface ProbeWindow {
  document: {
    body: unknown;
    querySelectorAll(selector: string): ArrayLike<ProbeElement>;
  };
  performance: { now(): number };
  requestAnimationFrame(callback: (time: number) => void): void;
  addEventListener(type: string, listener: (event: ProbeEvent) => void, capture: boolean): void;
  removeEventListener(type: string, listener: (event: ProbeEvent) => void, capture: boolean): void;
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: Record<string, boolean>): void;
    disconnect(): void;
  };
  __tavusProbe?: { start?: number; stop?: number };
}

/** Installs the probe in the page; the next matching event starts it. */
export async function armProbe(page: Page, probe: Probe): Promise<void> {
  await page.evaluate((options: Probe) => {
    const win = globalThis as unknown as ProbeWindow;
    const state: { start?: number; stop?: number } = {};
    win.__tavusProbe = state;
    const holds = () => {
      const elements = Array.from(win.document.querySelectorAll(options.selector));
      const found = elements.some(
        (element) => options.text === undefined || (element.textContent ?? '').replace(/\u00a0/g, ' ').includes(options.text),
      );
      return options.until === 'present' ? found : !found;
    };
    const observer = new win.MutationObserver(() => {
      if (state.start === undefined || !holds()) return;
      observer.disconnect();
      win.requestAnimationFrame(() => (state.stop = win.performance.now()));
    });
    const onEvent = (event: ProbeEvent) => {
      if (!event.isTrusted || (options.key !== undefined && event.key?.toLowerCase() !== options.key)) return;
      win.removeEventListener(options.event, onEvent, true);
      state.start = event.timeStamp;
      observer.observe(win.document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    };
    win.addEventListener(options.event, onEvent, true);
  }, probe);
}

/** Waits for the armed probe to stop and returns the milliseconds from its start to its stop. */
export async function readProbe(page: Page, timeoutMs = 30_000): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const state = (globalThis as unknown as ProbeWindow).__tavusProbe;
      return state?.stop !== undefined && state.start !== undefined ? state.stop - state.start : undefined;
    },
    undefined,
    { timeout: timeoutMs, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}
