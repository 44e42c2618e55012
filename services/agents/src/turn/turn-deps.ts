import type { Bus } from "@clawfleet/bus";
import type { ClawEnv, LiveConfig } from "@clawfleet/config";
import type { MetricsRegistry } from "@clawfleet/runtime";
import type { ModelLoopDeps } from "./model-loop.js";
import type { KnownStates } from "./state/known-states.js";
import type { SessionBucket } from "./state/session-hold.js";
import type { ActiveTurns } from "./turn-control.js";
import type { TranscriptHistory } from "./state/transcript-history.js";

/** Everything the turn engine works with, built once in main.ts. */
export interface TurnDeps extends ModelLoopDeps {
  bus: Bus;
  config: LiveConfig;
  env: ClawEnv;
  sessions: SessionBucket;
  /** Session states this worker wrote last (saves a read per turn). */
  known: KnownStates;
  history: TranscriptHistory;
  active: ActiveTurns;
  metrics: MetricsRegistry;
  /** `<instanceId>`: the prefix of every lease this process takes. */
  instanceId: string;
  leaseTtlMs: number;
}
