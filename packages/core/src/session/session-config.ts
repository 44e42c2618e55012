import type { SessionScopeConfig } from "./session-key.js";
import type { SessionResetConfig } from "./session-reset.js";

/** The `session` config slice core reads (mirrors openclaw.json `session`). */
export interface SessionConfig extends SessionScopeConfig {
  reset?: SessionResetConfig;
  /** Replaces the default `["/new", "/reset"]`. */
  resetTriggers?: readonly string[];
}
