import { hasScope, type Scope } from "../protocol/scopes.js";

/** A connected client as the presence list shows it. */
export interface PresenceEntry {
  connId: string;
  clientId: string;
  mode?: string;
  platform?: string;
  version?: string;
  instanceId?: string;
  address: string;
  connectedAt: number;
}

/** An authenticated socket the registry can push events to. */
export interface ClientConnection {
  readonly connId: string;
  readonly scopes: ReadonlySet<Scope>;
  readonly presence: PresenceEntry;
  /** Topics this connection subscribed to (`sessions.messages.subscribe`…). */
  readonly topics?: ReadonlySet<string>;
  sendEvent(event: string, payload: unknown): void;
  close(code: number, reason: string): void;
}

/** The authenticated connections of this gateway, for broadcasts, presence and shutdown. */
export class ConnectionRegistry {
  readonly #connections = new Set<ClientConnection>();
  #presenceVersion = 0;

  /** Adds an authenticated connection and tells the others. */
  add(connection: ClientConnection): void {
    this.#connections.add(connection);
    this.#presenceChanged();
  }

  /** Removes a closed connection and tells the others. */
  remove(connection: ClientConnection): void {
    if (this.#connections.delete(connection)) this.#presenceChanged();
  }

  /** Sends an event to every connection holding `scope` (every connection when none is given). */
  broadcast(event: string, payload: unknown, scope?: Scope): void {
    for (const connection of this.#connections)
      if (!scope || hasScope(connection.scopes, scope)) connection.sendEvent(event, payload);
  }

  /** Sends an event to the connections subscribed to `topic` (holding `scope` when given). */
  publish(topic: string, event: string, payload: unknown, scope?: Scope): void {
    for (const connection of this.#connections)
      if (connection.topics?.has(topic) && (!scope || hasScope(connection.scopes, scope)))
        connection.sendEvent(event, payload);
  }

  /** Who is connected. */
  presence(): PresenceEntry[] {
    return [...this.#connections].map((c) => c.presence);
  }

  /** Bumped on every connect and disconnect (`snapshot.stateVersion.presence`). */
  get presenceVersion(): number {
    return this.#presenceVersion;
  }

  /** Number of authenticated connections. */
  get size(): number {
    return this.#connections.size;
  }

  /** Tells every client the gateway is going away, then closes them with `code`. */
  shutdown(payload: { reason: string; restartExpectedMs?: number }, code: number): void {
    for (const connection of [...this.#connections]) {
      connection.sendEvent("shutdown", payload);
      connection.close(code, payload.reason);
    }
    this.#connections.clear();
  }

  #presenceChanged(): void {
    this.#presenceVersion++;
    this.broadcast("presence", { presence: this.presence(), stateVersion: this.#presenceVersion });
  }
}
