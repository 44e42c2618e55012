import type { SessionState } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { addSessionUsage } from "../domain/usage/session-usage.js";
import { compactSession } from "../turn/compact-session.js";
import type { BatchRun, CommandDeps } from "../turn/turn-deps.js";
import type { Answer } from "./run-command.js";

/**
 * `/compact [instructions]` (and `sessions.compact`): summarises the session's older turns into a
 * compaction entry now. The memory flush is left out: an operator asked for this compaction.
 */
export async function compactCommand(
  deps: CommandDeps,
  run: BatchRun,
  state: SessionState,
  runId: string,
  instructions: string | undefined,
): Promise<Answer> {
  const recent = await deps.history.recent(sessionToken(state.key), state);
  const done = await compactSession(deps, {
    config: run.config,
    settings: run.settings,
    override: state.modelOverride,
    recent,
    sessionId: state.sessionId,
    runId,
    trigger: "manual",
    ...(instructions ? { instructions } : {}),
    signal: run.control.signal,
  });
  if (!done) return { text: "Nothing to compact yet: the conversation is still short." };
  const c = done.entry.compaction!;
  return {
    text: `🧹 Compacted: ~${c.tokensBefore} → ~${c.tokensAfter} tokens of context.`,
    transcript: [done.entry],
    patch: (s) => ({
      ...addSessionUsage(s, done.usage, done.entry.model ?? "", run.config),
      compactions: (s.compactions ?? 0) + 1,
    }),
  };
}
