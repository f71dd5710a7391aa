import * as vscode from 'vscode';
import { configuredConnections, type Connection } from './core/connections';
import type { ConversationLimits } from './core/conversations';
import type { TokenLimits } from './core/fieldText';
import type { HistoryLimits } from './core/historyFile';
import { settingValue, USER_ONLY_SETTINGS, type SettingName, type TavusSettings } from './core/settings';

const SECTION = 'tavus';

/**
 * Settings whose change means another listing: the cached personas are stale. A new base URL is not
 * one of them: it is another account only when it is the active connection's, and Connections.onDidSwitch
 * says so (once), as for every other change of account.
 */
const LISTING_SETTINGS: readonly SettingName[] = ['pageSize'];

export interface ConfigChange {
  affects(name: SettingName): boolean;
  /** A new page size: what was listed before no longer applies. */
  readonly affectsListing: boolean;
}

/**
 * Every `tavus.*` setting, typed and validated (see core/settings.ts). Values are read on each
 * access, so a change applies to the next request without a reload.
 */
export class Config implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConfigChange>();
  readonly onDidChange = this.changed.event;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration(SECTION)) return;
    const affects = (name: SettingName) => event.affectsConfiguration(`${SECTION}.${name}`);
    this.changed.fire({ affects, affectsListing: LISTING_SETTINGS.some(affects) });
  });

  get apiBaseUrl(): string {
    return this.read('apiBaseUrl');
  }

  /** The named connections besides "default", from the user's settings only. */
  get connections(): Connection[] {
    return configuredConnections(this.read('connections'));
  }

  /** Adding or removing a connection writes the user's setting, the only one that counts for it. */
  async setConnections(connections: readonly Connection[]): Promise<void> {
    const value = connections.map(({ name, baseUrl }) => ({ name, baseUrl }));
    await vscode.workspace.getConfiguration(SECTION).update('connections', value, vscode.ConfigurationTarget.Global);
  }

  get pageSize(): number {
    return this.read('pageSize');
  }

  get requestTimeoutMs(): number {
    return this.read('requestTimeoutSeconds') * 1000;
  }

  get confirmBeforeApply(): boolean {
    return this.read('confirmBeforeApply');
  }

  get guardWithTestOps(): boolean {
    return this.read('guardWithTestOps');
  }

  /** The settings of test conversations started from the editor. */
  get conversation(): ConversationSettings {
    return {
      limits: {
        maxCallDurationSeconds: this.read('conversation.maxCallDurationSeconds'),
        participantLeftTimeoutSeconds: this.read('conversation.participantLeftTimeoutSeconds'),
        participantAbsentTimeoutSeconds: this.read('conversation.participantAbsentTimeoutSeconds'),
      },
      confirmCost: this.read('conversation.confirmCost'),
      endOnExit: this.read('conversation.endOnExit'),
    };
  }

  /** How much push history is kept per account; the oldest entries go first. */
  get history(): HistoryLimits {
    return {
      maxEntries: this.read('history.maxEntries'),
      maxBytes: Math.floor(this.read('history.maxMegabytes') * 1024 * 1024),
    };
  }

  /** How field documents open (pointer patterns → language ids) and when their size is worth a warning. */
  get fieldText(): FieldTextSettings {
    return {
      languages: this.read('fieldText.languages'),
      limits: { warnTokens: this.read('fieldText.warnTokens'), maxTokens: this.read('fieldText.maxTokens') },
    };
  }

  /** "Don't ask again" writes the user's setting, the only one that counts for it. */
  async setConfirmBeforeApply(value: boolean): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update('confirmBeforeApply', value, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private read<K extends SettingName>(name: K): TavusSettings[K] {
    const configuration = vscode.workspace.getConfiguration(SECTION);
    if (!USER_ONLY_SETTINGS.has(name)) return settingValue(name, configuration.get(name));
    const inspected = configuration.inspect(name);
    return settingValue(name, inspected?.globalValue ?? inspected?.defaultValue);
  }
}

export interface ConversationSettings {
  limits: ConversationLimits;
  /** Ask before the first start in a session, since a conversation bills from creation. */
  confirmCost: boolean;
  endOnExit: boolean;
}

export interface FieldTextSettings {
  languages: Readonly<Record<string, string>>;
  limits: TokenLimits;
}
