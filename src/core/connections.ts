/**
 * Named connections: a name and a base URL in the user's settings, a key per name in secret
 * storage. The connection "default" is the one that existed before connections did: the setting
 * `tavus.apiBaseUrl` and the single stored key (or TAVUS_API_KEY), so nothing needs to move.
 */
export interface Connection {
  name: string;
  baseUrl: string;
}

export const DEFAULT_CONNECTION = 'default';

/** Names become URI authorities and secret names: lower case, so no host or store changes their case. */
const NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** Why `name` cannot name a new connection, or undefined when it can. */
export function connectionNameProblem(name: string, existing: readonly string[]): string | undefined {
  if (!NAME_PATTERN.test(name)) {
    return 'Use 1 to 32 lower-case letters, digits and hyphens, starting and ending with a letter or digit.';
  }
  if (existing.includes(name)) return `There is already a connection named "${name}".`;
  return undefined;
}

/**
 * The connections `tavus.connections` names, as far as they are usable: entries without a valid
 * name or a string base URL, a second entry of one name, and "default" (which `tavus.apiBaseUrl`
 * defines) are left out.
 */
export function configuredConnections(raw: unknown): Connection[] {
  if (!Array.isArray(raw)) return [];
  const connections: Connection[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { name, baseUrl } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || typeof baseUrl !== 'string' || name === DEFAULT_CONNECTION) continue;
    if (
      connectionNameProblem(
        name,
        connections.map((c) => c.name),
      ) !== undefined
    ) {
      continue;
    }
    connections.push({ name, baseUrl });
  }
  return connections;
}

/** Every connection, "default" first. */
export function allConnections(defaultBaseUrl: string, configured: readonly Connection[]): Connection[] {
  return [{ name: DEFAULT_CONNECTION, baseUrl: defaultBaseUrl }, ...configured];
}

/** The connection to use: the one last switched to while it still exists, otherwise "default". */
export function activeConnection(stored: string | undefined, connections: readonly Connection[]): Connection {
  return connections.find((c) => c.name === stored) ?? connections.find((c) => c.name === DEFAULT_CONNECTION)!;
}

/**
 * Where a connection's key is stored. "default" keeps the name the single key always had, which
 * is the whole migration: a key stored before connections existed is the default connection's.
 */
export function connectionSecretName(name: string): string {
  return name === DEFAULT_CONNECTION ? 'tavus.apiKey' : `tavus.apiKey.${name}`;
}

/** The environment variable a connection's key may come from (CI, demos): TAVUS_API_KEY for "default". */
export function connectionEnvironmentName(name: string): string {
  return name === DEFAULT_CONNECTION ? 'TAVUS_API_KEY' : `TAVUS_API_KEY_${name.toUpperCase().replace(/-/g, '_')}`;
}

/** The connection a persona document belongs to, from its URI authority; URIs from before connections have none. */
export function connectionOfAuthority(authority: string): string {
  return authority === '' ? DEFAULT_CONNECTION : authority;
}

/** Why a document of one connection is neither read nor saved while another is active. */
export function otherConnectionMessage(documentConnection: string, active: string): string {
  return (
    `This document belongs to the Tavus connection "${documentConnection}", but "${active}" is active, ` +
    `so nothing of it is read from or sent to "${active}". Run "Tavus: Switch Connection…" and pick "${documentConnection}" to use it.`
  );
}
