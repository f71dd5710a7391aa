import { test } from 'node:test';
import { activityBarItem } from '../host/browser';
import { useUiSession } from './support';

const ui = useUiSession();

test('a slow listing can be cancelled from the view title, and Retry recovers', async () => {
  const { page, sandbox } = ui();
  sandbox.injectFault({ latencyMs: 20_000, match: { method: 'GET' }, times: Number.POSITIVE_INFINITY });
  await activityBarItem(page, 'Tavus').click();
  // The container holds two views, so the Personas view's title actions sit in its pane header,
  // shown while the header is hovered.
  await page.locator('.part.sidebar .pane-header', { hasText: 'Personas' }).hover();
  await page.locator('.part.sidebar .action-label[aria-label^="Cancel Loading Personas"]').filter({ visible: true }).click();
  const row = (label: string | RegExp) => page.locator('.part.sidebar .monaco-list-row', { hasText: label }).first();
  await row(/Could not load personas: The request was cancelled/).waitFor();

  sandbox.clearFaults();
  await row(/Could not load personas/).click();
  await row('My Personas').waitFor();
  await row('Clinic Intake').waitFor();
});
