import type { Bus } from "@clawfleet/bus";
import type { ClawEnv, LiveConfig, OpenClawConfig } from "@clawfleet/config";
import type { MetricsRegistry } from "@clawfleet/runtime";
import type { AgentSettings } from "../domain/models/agent-settings.js";
import type { ModelLoopDeps } from "./model-loop.js";
import type { KnownStates } from "./state/known-states.js";
import type { SessionBucket } from "./state/session-hold.js";
import type { ActiveTurns, TurnControl } from "./turn-control.js";
import type { TranscriptHistory } from "./state/transcript-history.js";
import type { WorkspaceStore } from "../workspace/workspace-store.js";
import type { MediaNetwork } from "../media/reply-media.js";

/** What publishing a committed turn uses: the bus, and the transcript cache it keeps current. */
export interface FlushDeps {
  bus: Bus;
  history: TranscriptHistory;
}

/** What a message turn uses: the model loop's parts, the bus (events, typing), the transcript cache and the workspace. */
export interface MessageTurnDeps extends ModelLoopDeps, FlushDeps {
  /** The agents' workspace files, composed into every turn's system prompt (and read for a reply's MEDIA: paths). */
  workspace: Pick<WorkspaceStore, "bootstrapFiles" | "read">;
  /** Network policy of a reply's MEDIA: downloads (default: the system resolver, the strict address policy). */
  mediaNetwork?: MediaNetwork;
}

/** What a chat command uses: a message turn's parts (`/new <text>` runs one) and the env (provider checks). */
export interface CommandDeps extends MessageTurnDeps {
  env: ClawEnv;
}

/** What working a held session uses: commands and turns, the live config, the running turns, metrics. */
export interface ServeDeps extends CommandDeps {
  config: LiveConfig;
  active: ActiveTurns;
  metrics: MetricsRegistry;
}

/** What the session RPCs use: the sessions bucket, the bus (purges, aborts) and the transcript cache. */
export interface SessionRpcDeps extends FlushDeps {
  sessions: SessionBucket;
}

/** Everything the turn engine works with, built once in main.ts; each step takes only its slice. */
export interface TurnDeps extends ServeDeps, SessionRpcDeps {
  /** Session states this worker wrote last (saves a read per turn). */
  known: KnownStates;
  /** A session lease lives this long without renewal. */
  leaseTtlMs: number;
  /** A running turn renews its lease this often. */
  leaseRenewMs: number;
}

/** One batch's run: the config and agent settings resolved once for it, its control, whether it is the last try. */
export interface BatchRun {
  config: OpenClawConfig;
  settings: AgentSettings;
  control: TurnControl;
  lastResort: boolean;
}
