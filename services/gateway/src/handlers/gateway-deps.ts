import type { Bus } from "@clawfleet/bus";
import type { OpenClawConfig } from "@clawfleet/config";
import type { AgentEventRelay, EventBroadcaster } from "../bus/agent-event-relay.js";
import type { IdempotencyStore } from "../bus/idempotency-store.js";
import type { ServiceDirectory } from "../bus/service-directory.js";
import type { SessionReader } from "../bus/session-reader.js";
import type { ConfigOwner } from "../config/config-owner.js";
import type { RunRegistry } from "../domain/run-registry.js";
import type { PresenceEntry } from "../ws/connection-registry.js";

/** The capabilities the method handlers use, each narrowed to what they call. */
export interface GatewayDeps {
  bus: Bus;
  /** The running config (follows KV). */
  config: () => OpenClawConfig;
  /** Hash of the running config. */
  appliedHash: () => string;
  configOwner: Pick<ConfigOwner, "read" | "set" | "patch" | "edit" | "state">;
  idempotency: Pick<IdempotencyStore, "run">;
  runs: Pick<RunRegistry, "accept" | "get" | "wait" | "active">;
  relay: Pick<AgentEventRelay, "follow">;
  directory: Pick<ServiceDirectory, "list" | "knownRunning" | "confirmedAbsent">;
  /** Sessions and transcripts read straight from the bus. */
  sessions: Pick<SessionReader, "list" | "get" | "history" | "usage">;
  clients: EventBroadcaster & { presence(): PresenceEntry[] };
  version: string;
  startedAt: number;
}
