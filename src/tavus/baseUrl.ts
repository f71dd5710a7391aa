import { SETTING_DEFAULTS } from '../core/settings';
import { TavusError } from './errors';

export const DEFAULT_BASE_URL = SETTING_DEFAULTS.apiBaseUrl;

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The API key travels in a header, so plain http is only acceptable when the traffic never leaves
 * this machine (the bundled local server, a developer's proxy on loopback).
 */
export function parseBaseUrl(raw: string, where = 'the setting tavus.apiBaseUrl'): URL {
  let url: URL;
  try {
    url = new URL(raw.trim() || DEFAULT_BASE_URL);
  } catch {
    throw new TavusError(`The Tavus API base URL "${raw}" is not a valid URL. Check ${where}.`, {
      kind: 'config',
    });
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new TavusError(
    `Refusing to send the API key to ${url.origin}: the Tavus API base URL must use https (plain http is allowed only for localhost). Check ${where}.`,
    { kind: 'config' },
  );
}
