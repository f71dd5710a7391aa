import * as vscode from 'vscode';
import {
  activeConnection,
  allConnections,
  connectionEnvironmentName,
  connectionSecretName,
  type Connection,
} from '../core/connections';
import { collectSecrets } from '../core/redact';
import type { Config } from '../config';
import type { TavusLog } from '../log/tavusLog';
import type { TavusApi } from '../tavus/api';
import { TavusClient } from '../tavus/client';
import { HttpTransport } from '../tavus/http';
import { noticingPersonas } from '../tavus/secretAwareApi';

/** Global, not per workspace: the connection is the user's choice, like the keys. */
const ACTIVE_STATE_KEY = 'tavus.activeConnection';

/** A client of one named connection, for as long as a command needs it. */
export interface ConnectionClient extends vscode.Disposable {
  readonly api: TavusApi;
  readonly connection: Connection;
}

/**
 * The named connections and which one is active. Names and base URLs come from the user's
 * settings only (a workspace must never redirect a key), the active name from global state, each
 * key from secret storage (see core/connections.ts for "default" and the environment).
 */
export class Connections implements vscode.Disposable {
  private readonly switched = new vscode.EventEmitter<Connection>();
  /**
   * Another connection became active, or the active one got another base URL (`tavus.apiBaseUrl` for
   * "default", `tavus.connections` for a named one): another account. The one signal of it, fired once
   * per change; a base URL of a connection that is not active changes nothing.
   */
  readonly onDidSwitch = this.switched.event;
  private current: Connection;
  private readonly subscriptions: vscode.Disposable[];
  /**
   * Stored keys by secret name. Every request needs its key, and in VS Code for the Web (and any
   * remote window) SecretStorage.get is a round trip to the workbench, which is busiest exactly
   * when a request is sent (a dialog closing, an editor opening): it cost 100–600 ms per request.
   */
  private readonly keyCache = new Map<string, Thenable<string | undefined>>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
    private readonly config: Config,
    private readonly log: TavusLog,
  ) {
    this.current = this.resolve();
    this.subscriptions = [
      config.onDidChange((change) => {
        if (change.affects('connections') || change.affects('apiBaseUrl')) this.follow();
      }),
      // Another window of the same profile may set or delete a key.
      secrets.onDidChange((event) => this.keyCache.delete(event.key)),
    ];
  }

  get active(): Connection {
    return this.current;
  }

  list(): readonly Connection[] {
    return allConnections(this.config.apiBaseUrl, this.config.connections);
  }

  async switchTo(name: string): Promise<void> {
    await this.state.update(ACTIVE_STATE_KEY, name);
    this.follow();
  }

  /** The connection's stored key, else its environment variable. */
  async key(name: string): Promise<string | undefined> {
    return (await this.storedKey(name)) || process.env[connectionEnvironmentName(name)]?.trim() || undefined;
  }

  storedKey(name: string): Thenable<string | undefined> {
    const secretName = connectionSecretName(name);
    const cached = this.keyCache.get(secretName);
    if (cached !== undefined) return cached;
    const reading = this.secrets.get(secretName);
    this.keyCache.set(secretName, reading);
    // A failed read is not remembered: the next request asks again.
    reading.then(undefined, () => this.keyCache.get(secretName) === reading && this.keyCache.delete(secretName));
    return reading;
  }

  storeKey(name: string, key: string): Promise<void> {
    return this.changeKey(name, (secretName) => this.secrets.store(secretName, key));
  }

  deleteKey(name: string): Promise<void> {
    return this.changeKey(name, (secretName) => this.secrets.delete(secretName));
  }

  /** Adds a connection to the user's settings; its key is stored first, so it is usable as soon as it is listed. */
  async add(connection: Connection, key: string): Promise<void> {
    this.log.addSecrets([key]);
    await this.storeKey(connection.name, key);
    await this.config.setConnections([...this.config.connections, connection]);
  }

  /** Removes a named connection and its stored key; "default" stays, being `tavus.apiBaseUrl`. */
  async remove(name: string): Promise<void> {
    await this.config.setConnections(this.config.connections.filter((c) => c.name !== name));
    await this.deleteKey(name);
  }

  /**
   * A client bound, for its whole life, to this connection's base URL and key as they are now:
   * switching connections meanwhile changes nothing it sends, and no other connection's key ever
   * reaches it.
   */
  async openClient(name: string): Promise<ConnectionClient> {
    const connection = this.list().find((c) => c.name === name);
    if (!connection) throw new Error(`There is no Tavus connection named "${name}".`);
    const apiKey = await this.key(name);
    if (apiKey) this.log.addSecrets([apiKey]);
    const transport = new HttpTransport({
      settings: () => Promise.resolve({ baseUrl: connection.baseUrl, apiKey, timeoutMs: this.config.requestTimeoutMs }),
      onRequest: (record) => this.log.request(record),
    });
    const client = new TavusClient(transport, { pageSize: () => this.config.pageSize });
    const api = noticingPersonas(client, (persona) => this.log.addSecrets(collectSecrets(persona)));
    return { api, connection, dispose: () => transport.dispose() };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.switched.dispose();
  }

  /** Forgets the kept key once the change is stored: a read made meanwhile may have kept the old one. */
  private async changeKey(name: string, change: (secretName: string) => Thenable<void>): Promise<void> {
    const secretName = connectionSecretName(name);
    await change(secretName);
    this.keyCache.delete(secretName);
  }

  private resolve(): Connection {
    return activeConnection(this.state.get<string>(ACTIVE_STATE_KEY), this.list());
  }

  private follow(): void {
    const next = this.resolve();
    if (next.name === this.current.name && next.baseUrl === this.current.baseUrl) return;
    this.current = next;
    this.switched.fire(next);
  }
}
