/** The `tavus.*` settings: names, defaults and what counts as a valid value, in one place. */
export interface TavusSettings {
  apiBaseUrl: string;
  /** Raw; core/connections.ts keeps the usable entries. */
  connections: readonly unknown[];
  pageSize: number;
  requestTimeoutSeconds: number;
  confirmBeforeApply: boolean;
  guardWithTestOps: boolean;
  'conversation.maxCallDurationSeconds': number;
  'conversation.participantLeftTimeoutSeconds': number;
  'conversation.participantAbsentTimeoutSeconds': number;
  'conversation.confirmCost': boolean;
  'conversation.endOnExit': boolean;
  'history.maxEntries': number;
  'history.maxMegabytes': number;
  'fieldText.languages': Readonly<Record<string, string>>;
  'fieldText.warnTokens': number;
  'fieldText.maxTokens': number;
}

export type SettingName = keyof TavusSettings;

export const SETTING_DEFAULTS: Readonly<TavusSettings> = {
  apiBaseUrl: 'https://tavusapi.com',
  connections: [],
  pageSize: 100,
  requestTimeoutSeconds: 30,
  confirmBeforeApply: true,
  guardWithTestOps: true,
  'conversation.maxCallDurationSeconds': 300,
  'conversation.participantLeftTimeoutSeconds': 10,
  'conversation.participantAbsentTimeoutSeconds': 120,
  'conversation.confirmCost': true,
  'conversation.endOnExit': true,
  'history.maxEntries': 1000,
  'history.maxMegabytes': 20,
  'fieldText.languages': { '/system_prompt': 'markdown', '/context': 'markdown' },
  'fieldText.warnTokens': 5000,
  'fieldText.maxTokens': 32000,
};

export const SETTING_NAMES = Object.keys(SETTING_DEFAULTS) as SettingName[];

/**
 * Settings that decide whether a change is shown before it is sent, and where the API key goes. A
 * workspace folder (a cloned repository) must not be able to switch the preview off or send the key
 * to its own server (`apiBaseUrl`, `connections`), so only the user's own value counts. (`apiBaseUrl` is application-scoped too;
 * reading it here as well does not depend on how a host honours that scope.)
 */
export const USER_ONLY_SETTINGS: ReadonlySet<SettingName> = new Set([
  'apiBaseUrl',
  'connections',
  'confirmBeforeApply',
  'guardWithTestOps',
]);

/** Inclusive bounds, as package.json declares them; VS Code only warns about values outside them. */
export const NUMBER_BOUNDS: Readonly<
  Record<
    | 'pageSize'
    | 'requestTimeoutSeconds'
    | 'conversation.maxCallDurationSeconds'
    | 'conversation.participantLeftTimeoutSeconds'
    | 'conversation.participantAbsentTimeoutSeconds'
    | 'history.maxEntries'
    | 'history.maxMegabytes'
    | 'fieldText.warnTokens'
    | 'fieldText.maxTokens',
    { min: number; max: number; integer: boolean }
  >
> = {
  pageSize: { min: 1, max: 100, integer: true },
  requestTimeoutSeconds: { min: 1, max: 600, integer: false },
  'conversation.maxCallDurationSeconds': { min: 10, max: 3600, integer: true },
  'conversation.participantLeftTimeoutSeconds': { min: 0, max: 3600, integer: true },
  'conversation.participantAbsentTimeoutSeconds': { min: 10, max: 3600, integer: true },
  'history.maxEntries': { min: 1, max: 100000, integer: true },
  'history.maxMegabytes': { min: 1, max: 1000, integer: false },
  'fieldText.warnTokens': { min: 1, max: 10000000, integer: true },
  'fieldText.maxTokens': { min: 1, max: 10000000, integer: true },
};

/** The value to use for a raw setting value: the default when it has the wrong type, numbers kept in bounds. */
export function settingValue<K extends SettingName>(name: K, raw: unknown): TavusSettings[K] {
  const fallback = SETTING_DEFAULTS[name];
  if (typeof raw !== typeof fallback) return fallback;
  if (name === 'fieldText.languages') return stringRecord(raw) as TavusSettings[K];
  if (name === 'connections') return (Array.isArray(raw) ? raw : fallback) as TavusSettings[K];
  if (name in NUMBER_BOUNDS) {
    const bounds = NUMBER_BOUNDS[name as keyof typeof NUMBER_BOUNDS];
    const number = raw as number;
    if (!Number.isFinite(number)) return fallback;
    const whole = bounds.integer ? Math.round(number) : number;
    return Math.min(bounds.max, Math.max(bounds.min, whole)) as TavusSettings[K];
  }
  return raw as TavusSettings[K];
}

/** An object's members whose values are strings; anything else (null, an array, other values) is dropped. */
function stringRecord(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
