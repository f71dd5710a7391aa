import { after, before, test } from 'node:test';
import { activityBarItem } from '../host/browser';
import { startUiSession, UiSession } from './support';

let session: UiSession;

before(async () => {
  session = await startUiSession();
});

after(async () => {
  await session?.close();
});

test('the activity bar shows the Tavus view container', async () => {
  await activityBarItem(session.page, 'Tavus').waitFor();
});
