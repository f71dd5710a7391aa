import { sha256 } from './digest';
import { isHistoryEntry, type HistoryEntry } from './historyEntry';
import { elementAt, isJsonObject, type JsonValue } from './json';

const FORMAT = 'tavus-push-history';
const VERSION = 1;

/** Whose history a file holds: the API base URL and a fingerprint of the key, never the key. */
export interface HistoryAccount {
  baseUrl: string;
  keyFingerprint: string;
}

export function historyAccount(baseUrl: string, apiKey: string): HistoryAccount {
  return { baseUrl, keyFingerprint: sha256(apiKey).slice(0, 16) };
}

/** A file name per account, from a hash: a base URL may hold characters no file name can. */
export function historyFileName(account: HistoryAccount): string {
  return `push-history-${sha256(`${account.baseUrl}\n${account.keyFingerprint}`).slice(0, 24)}.json`;
}

export interface HistoryLimits {
  maxEntries: number;
  maxBytes: number;
}

function header(account: HistoryAccount): string {
  return `{"format":${JSON.stringify(FORMAT)},"version":${VERSION},"account":${JSON.stringify(account)},"entries":[\n`;
}

const FOOTER = ']}\n';

/**
 * The file's text: one JSON document with one entry per line, oldest first. A file cut short (a
 * crash with an older writer, a full disk) is not valid JSON, yet every complete line still is.
 */
export function serializeHistory(account: HistoryAccount, entries: readonly HistoryEntry[]): string {
  return header(account) + entries.map(entryLine).join(',\n') + (entries.length > 0 ? '\n' : '') + FOOTER;
}

/**
 * Each entry's line, made once: entries never change, and every write (and its rotation) would
 * otherwise serialise the whole history again, two personas per entry, on the save's path.
 */
const lines = new WeakMap<HistoryEntry, string>();

function entryLine(entry: HistoryEntry): string {
  let line = lines.get(entry);
  if (line === undefined) {
    line = JSON.stringify(entry);
    lines.set(entry, line);
  }
  return line;
}

export interface ParsedHistory {
  entries: HistoryEntry[];
  /** Lines that held no readable entry (a truncated tail, a hand edit), skipped. */
  skipped: number;
}

/** The entries of a history file, whole or cut short; unreadable lines are skipped, never fatal. */
export function parseHistory(text: string): ParsedHistory {
  const whole = parseJson(text);
  if (isJsonObject(whole) && whole.format === FORMAT && Array.isArray(whole.entries)) {
    const entries = whole.entries.filter(isHistoryEntry);
    return { entries, skipped: whole.entries.length - entries.length };
  }
  if (!text.startsWith(`{"format":${JSON.stringify(FORMAT)}`)) return { entries: [], skipped: text.trim() === '' ? 0 : 1 };
  const entries: HistoryEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n').slice(1)) {
    if (line === '' || line === FOOTER.trim()) continue;
    const value = parseJson(line.endsWith(',') ? line.slice(0, -1) : line);
    if (value !== undefined && isHistoryEntry(value)) entries.push(value);
    else skipped++;
  }
  return { entries, skipped };
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/** The bytes an entry adds to the file: its line and the separator. */
function entryBytes(entry: HistoryEntry): number {
  return Buffer.byteLength(entryLine(entry), 'utf8') + 2;
}

/**
 * The newest entries that fit the limits, oldest first: the oldest are dropped first, by count and
 * then by the file's size in bytes. An entry bigger than the whole budget is not kept.
 */
export function rotateHistory(account: HistoryAccount, entries: readonly HistoryEntry[], limits: HistoryLimits): HistoryEntry[] {
  let budget = limits.maxBytes - Buffer.byteLength(header(account) + FOOTER, 'utf8');
  const kept: HistoryEntry[] = [];
  for (let i = entries.length - 1; i >= 0 && kept.length < limits.maxEntries; i--) {
    const entry = elementAt(entries, i);
    budget -= entryBytes(entry);
    if (budget < 0) break;
    kept.push(entry);
  }
  return kept.reverse();
}
