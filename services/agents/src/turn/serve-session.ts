import { evaluateSessionReset } from "@clawfleet/core";
import { resetSession } from "../commands/session-reset.js";
import { runCommand } from "../commands/run-command.js";
import { resolveAgentSettings } from "../domain/models/agent-settings.js";
import { nextBatch, type Batch } from "../domain/conversation/batch.js";
import { sessionDigest } from "../domain/conversation/turn-ids.js";
import { flushPending } from "./state/flush-pending.js";
import { readInbox } from "./state/inbox-reader.js";
import { runIdsFor, runMessageTurn } from "./message-turn.js";
import type { SessionHold } from "./state/session-hold.js";
import { TurnControl } from "./turn-control.js";
import type { TurnDeps } from "./turn-deps.js";
import { commitOutcome } from "./turn-outcome.js";

/** Starts a fresh session first when `session.reset` (daily / idle) says the old one expired. */
async function applyAutomaticReset(deps: TurnDeps, hold: SessionHold): Promise<void> {
  const now = Date.now();
  const state = hold.value;
  const decision = evaluateSessionReset({ reset: deps.config.current.session.reset, session: { updatedAt: state.updatedAt, createdAt: state.createdAt }, now, utcOffsetMinutes: -new Date(now).getTimezoneOffset() });
  if (!decision.reset) return;
  deps.logger.info(`session ${state.key} starts afresh (${decision.reason} reset)`);
  await hold.update((s) => resetSession(s, now, undefined));
  deps.history.forget(hold.token);
}

async function runBatch(deps: TurnDeps, hold: SessionHold, batch: Batch, lastResort: boolean) {
  const entries = batch.kind === "command" ? [batch.entry] : batch.entries;
  const settings = resolveAgentSettings(deps.config.current, entries.at(-1)!.data.agentId);
  const control = new TurnControl(hold.value.key, runIdsFor(hold.value.key, entries).runIds, settings.timeoutMs);
  const unregister = deps.active.add(control);
  try {
    return batch.kind === "command"
      ? await runCommand(deps, hold, batch.entry, batch.command, control, lastResort)
      : await runMessageTurn(deps, hold, batch.entries, control, lastResort);
  } finally {
    unregister();
  }
}

/**
 * Works a held session until its inbox is drained: re-publishes a committed but unflushed turn first,
 * then takes the pending inputs batch by batch in order, runs each turn, commits it (inputs handled +
 * reply + transcript in one compare-and-set), publishes it, and finally releases the lease.
 * Resolves with the last input sequence handled.
 */
export async function serveSession(deps: TurnDeps, hold: SessionHold, options: { lastResort: boolean; stopping: () => boolean }): Promise<number> {
  const digest = sessionDigest(hold.value.key);
  let recovery = hold.value.pending !== undefined;
  let transcriptSeq = hold.value.transcriptSeq;
  let more = true;
  for (;;) {
    if (hold.value.pending) {
      transcriptSeq = Math.max(transcriptSeq, await flushPending(deps, hold, recovery));
      recovery = false;
    }
    if (!more || options.stopping()) break;
    const config = deps.config.current;
    const limit = config.messages.queue.mode === "followup" ? 1 : config.messages.queue.cap;
    // One entry past the batch tells whether to read again (new input after this read is caught after release).
    const page = await readInbox(deps.bus, hold.token, hold.value.lastSeq + 1, limit + 1, deps.logger);
    if (page.entries.length === 0) {
      if (page.throughSeq > hold.value.lastSeq) await hold.update((s) => ({ ...s, lastSeq: Math.max(s.lastSeq, page.throughSeq) }));
      break;
    }
    await applyAutomaticReset(deps, hold);
    const settings = resolveAgentSettings(config, page.entries[0]!.data.agentId);
    const batch = nextBatch(page.entries, { mode: settings.queueMode, cap: settings.queueCap, commands: { resetTriggers: config.session.resetTriggers } })!;
    const outcome = await runBatch(deps, hold, batch, options.lastResort);
    const seq = transcriptSeq;
    await hold.update((s) => ({ ...commitOutcome(s, outcome, digest, Date.now()), transcriptSeq: Math.max(s.transcriptSeq, seq) }));
    deps.metrics.inc("clawfleet_agent_turns_total", "Turns committed by this worker.", { kind: batch.kind });
    more = page.throughSeq > hold.value.lastSeq;
  }
  const seq = transcriptSeq;
  const lastSeq = hold.value.lastSeq;
  await hold.release((s) => ({ ...s, pending: undefined, transcriptSeq: Math.max(s.transcriptSeq, seq) }));
  return lastSeq;
}
