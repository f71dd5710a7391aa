import * as vscode from 'vscode';
import { counted } from '../../core/text';
import type { Services } from '../../services';
import { countPersonasWithKey } from '../createClient';
import { isTavusError } from '../../tavus/errors';
import { describeError } from '../../ui/errors';
import type { Questions } from '../../ui/questions';
import type { CommandHandler } from '../../commands/ids';

const ENTER_AGAIN = 'Enter Key Again';

/** What became of a key: returned to callers such as tests, which cannot read notifications. */
export type KeyOutcome =
  | { kind: 'accepted'; personas?: number }
  | { kind: 'rejected'; reason: string }
  | { kind: 'unchecked'; reason: string }
  | { kind: 'dismissed' };

/** Checks a key with one request before storing it; a key Tavus refuses is not stored. */
export function setApiKey({ keys, connections, log, notifier, questions, config }: Services): CommandHandler {
  const enter = async (given?: unknown): Promise<KeyOutcome> => {
    const key = typeof given === 'string' ? given.trim() : (await askForKey(questions))?.trim();
    if (!key) return { kind: 'dismissed' };
    const { name, baseUrl } = connections.active;
    try {
      const personas = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Checking the key with Tavus…' },
        () => countPersonasWithKey(key, baseUrl, log, config),
      );
      await keys.set(key, name);
      const count = personas === undefined ? '' : `: ${counted(personas, 'persona')}`;
      void notifier.info(`Key accepted${count}.`);
      return { kind: 'accepted', personas };
    } catch (error) {
      const reason = log.clean(describeError(error));
      if (isTavusError(error) && error.kind === 'auth') {
        void notifier.error(`Tavus rejected this key: ${reason}`, ENTER_AGAIN).then((choice) => {
          if (choice === ENTER_AGAIN) void enter();
        });
        return { kind: 'rejected', reason };
      }
      // Tavus could not be asked (offline, wrong base URL): keep the key, and say it is unchecked.
      await keys.set(key, name);
      void notifier.warning(`Key saved, but it could not be checked: ${reason}`);
      return { kind: 'unchecked', reason };
    }
  };
  return enter;
}

function askForKey(questions: Questions): Thenable<string | undefined> {
  return questions.input({
    title: 'Tavus API Key',
    prompt: 'Paste your Tavus API key. It is stored in VS Code secret storage, never in settings.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'The API key cannot be empty'),
  });
}
