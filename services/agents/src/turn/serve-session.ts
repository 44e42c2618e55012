import type { InboxInput, StoredEntry } from "@clawfleet/bus";
import { evaluateSessionReset } from "@clawfleet/core";
import type { OpenClawConfig } from "@clawfleet/config";
import { resetSession } from "../commands/session-reset.js";
import { runCommand } from "../commands/run-command.js";
import { queueSettings, resolveAgentSettings } from "../domain/models/agent-settings.js";
import { nextBatch, type Batch } from "../domain/conversation/batch.js";
import { sessionDigest } from "../domain/conversation/turn-ids.js";
import { flushPending } from "./state/flush-pending.js";
import { inboxLastSeq, readInbox, type InboxPage } from "./state/inbox-reader.js";
import { runIdsFor, runMessageTurn } from "./message-turn.js";
import type { SessionHold } from "./state/session-hold.js";
import { TurnControl } from "./turn-control.js";
import type { ServeDeps } from "./turn-deps.js";
import { commitOutcome } from "./turn-outcome.js";

/** Starts a fresh session first when `session.reset` (daily / idle) says the old one expired. */
async function applyAutomaticReset(
  deps: Pick<ServeDeps, "logger" | "history">,
  config: OpenClawConfig,
  hold: SessionHold,
): Promise<void> {
  const now = Date.now();
  const state = hold.value;
  const decision = evaluateSessionReset({
    reset: config.session.reset,
    session: { updatedAt: state.updatedAt, createdAt: state.createdAt },
    now,
    utcOffsetMinutes: -new Date(now).getTimezoneOffset(),
  });
  if (!decision.reset) return;
  deps.logger.info(`session ${state.key} starts afresh (${decision.reason} reset)`);
  await hold.update((s) => resetSession(s, now, undefined));
  deps.history.forget(hold.token);
}

/** Runs one batch with the agent settings of its last input, resolved here once for the whole batch. */
async function runBatch(
  deps: ServeDeps,
  config: OpenClawConfig,
  hold: SessionHold,
  batch: Batch,
  lastResort: boolean,
) {
  const entries = batch.kind === "command" ? [batch.entry] : batch.entries;
  const settings = resolveAgentSettings(config, entries.at(-1)!.data.agentId);
  const control = new TurnControl(
    hold.value.key,
    runIdsFor(hold.value.key, entries).runIds,
    settings.timeoutMs,
  );
  const run = { config, settings, control, lastResort };
  const unregister = deps.active.add(control);
  try {
    return batch.kind === "command"
      ? await runCommand(deps, hold, batch.entry, batch.command, run)
      : await runMessageTurn(deps, hold, batch.entries, run);
  } finally {
    unregister();
  }
}

/** What {@link serveSession} needs to know besides the hold. */
export interface ServeOptions {
  lastResort: boolean;
  stopping: () => boolean;
  /** The newest input sequence known to exist (from the signals seen so far); more may have arrived since. */
  wanted: () => number;
  /** An inbox read started while the lease was being taken (from the state this worker wrote last). */
  prefetched?: Prefetch;
}

/** An inbox read from `fromSeq`, started before the hold was known. */
export interface Prefetch {
  fromSeq: number;
  page: Promise<InboxPage>;
}

/** How many inputs one inbox read takes: one per turn in `followup` mode, up to the cap in `collect` mode. */
export function inboxReadLimit(config: OpenClawConfig): number {
  return config.messages.queue.mode === "followup" ? 1 : config.messages.queue.cap;
}

/** Seeds the read-ahead from a prefetched page; unusable (starts past the next input, or failed) = nothing. */
async function seedFromPrefetch(
  prefetched: Prefetch | undefined,
  handled: number,
): Promise<{ ahead: StoredEntry<InboxInput>[]; readTo: number }> {
  const page =
    prefetched && prefetched.fromSeq <= handled + 1
      ? await prefetched.page.catch(() => undefined)
      : undefined;
  if (!page) return { ahead: [], readTo: handled };
  return {
    ahead: page.entries.filter((entry) => entry.seq > handled),
    readTo: Math.max(handled, page.throughSeq),
  };
}

/**
 * The signals announced input the direct read did not find: a direct get is answered by any replica,
 * and one behind the leader (after a leader change, under load) lacks acknowledged input — which
 * then went unanswered until the session's next message. Reads through the leader instead, into
 * `ahead`; returns how far it looked. When the leader has nothing either although INBOX is past
 * `wanted`, the input is gone (aged out, purged) and `wanted` is stepped over; when INBOX is not
 * there yet, nothing is, and the caller's signal comes back later.
 */
async function readFromLeader(
  deps: ServeDeps,
  token: string,
  readTo: number,
  limit: number,
  wanted: number,
  ahead: StoredEntry<InboxInput>[],
): Promise<number> {
  // INBOX's last sequence is taken BEFORE the read: input stored up to it is seen by the read if it
  // is this session's, so "past `wanted` and not found" means gone. Taken after, input stored between
  // the two (the signal came first) would be stepped over unanswered.
  const stored = await inboxLastSeq(deps.bus);
  const page = await readInbox(deps.bus, token, readTo + 1, limit, deps.logger, true);
  ahead.push(...page.entries);
  if (page.entries.length > 0 || page.throughSeq > readTo) return Math.max(readTo, page.throughSeq);
  return stored >= wanted ? wanted : readTo;
}

/**
 * Works a held session until its known input is handled: re-publishes a committed but unflushed turn
 * first, then takes the pending inputs batch by batch in order, runs each turn, commits it (inputs
 * handled + reply + transcript in one compare-and-set), publishes it, and finally releases the lease.
 * It reads the inbox only while input is known to be there (`wanted`, or entries read ahead with an
 * earlier batch): input that arrived unannounced is found by the caller's look after the release.
 * Resolves with the last input sequence handled.
 */
export async function serveSession(
  deps: ServeDeps,
  hold: SessionHold,
  options: ServeOptions,
): Promise<number> {
  const digest = sessionDigest(hold.value.key);
  let recovery = hold.value.pending !== undefined;
  let transcriptSeq = hold.value.transcriptSeq;
  // Inputs read but not handled yet (a batch may take fewer than a read returned), and the highest sequence read.
  let { ahead, readTo } = await seedFromPrefetch(options.prefetched, hold.value.lastSeq);
  for (;;) {
    if (hold.value.pending) {
      transcriptSeq = Math.max(transcriptSeq, await flushPending(deps, hold, recovery));
      recovery = false;
    }
    if (options.stopping()) break;
    const handled = hold.value.lastSeq;
    ahead = ahead.filter((entry) => entry.seq > handled);
    readTo = Math.max(readTo, handled);
    if (ahead.length === 0 && readTo >= options.wanted()) break;
    const config = deps.config.current;
    const limit = inboxReadLimit(config);
    if (ahead.length < limit) {
      const page = await readInbox(
        deps.bus,
        hold.token,
        readTo + 1,
        limit - ahead.length,
        deps.logger,
      );
      ahead.push(...page.entries);
      readTo = Math.max(readTo, page.throughSeq);
    }
    if (ahead.length === 0 && readTo < options.wanted())
      readTo = await readFromLeader(deps, hold.token, readTo, limit, options.wanted(), ahead);
    if (ahead.length === 0) {
      // Only invalid entries (now dead-lettered), or input that aged out of the inbox: step over them.
      if (readTo > handled)
        await hold.update((s) => ({ ...s, lastSeq: Math.max(s.lastSeq, readTo) }));
      break;
    }
    await applyAutomaticReset(deps, config, hold);
    const queue = queueSettings(config);
    const batch = nextBatch(ahead, {
      mode: queue.queueMode,
      cap: queue.queueCap,
      commands: { resetTriggers: config.session.resetTriggers },
    })!;
    const outcome = await runBatch(deps, config, hold, batch, options.lastResort);
    const seq = transcriptSeq;
    await hold.update((s) => ({
      ...commitOutcome(s, outcome, digest, Date.now()),
      transcriptSeq: Math.max(s.transcriptSeq, seq),
    }));
    deps.metrics.inc("clawfleet_agent_turns_total", "Turns committed by this worker.", {
      kind: batch.kind,
    });
  }
  const seq = transcriptSeq;
  const lastSeq = hold.value.lastSeq;
  await hold.release((s) => ({
    ...s,
    pending: undefined,
    transcriptSeq: Math.max(s.transcriptSeq, seq),
  }));
  return lastSeq;
}
