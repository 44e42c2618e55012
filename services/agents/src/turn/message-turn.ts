import type {
  AttachmentRef,
  InboxInput,
  OutboxMessage,
  SessionState,
  StoredEntry,
  TranscriptEntry,
} from "@clawfleet/bus";
import { errorMessage, resolveReplyText, sessionToken } from "@clawfleet/core";
import type { OpenClawConfig } from "@clawfleet/config";
import type { AgentSettings } from "../domain/models/agent-settings.js";
import { addSessionUsage } from "../domain/usage/session-usage.js";
import { historyMessages } from "../domain/conversation/history-messages.js";
import { textParts } from "../domain/conversation/image-parts.js";
import { modelCandidates } from "../domain/models/agent-settings.js";
import { readTurnImages } from "./image-input.js";
import { modelTextFor } from "../domain/conversation/model-input.js";
import { heartbeatSettings } from "../cron/heartbeat.js";
import { heartbeatDelivery } from "../domain/cron/heartbeat-reply.js";
import { composeProjectContext } from "../domain/conversation/project-context.js";
import { buildSystemPrompt } from "../domain/conversation/system-prompt.js";
import { generatedRunId, replyId, turnKey } from "../domain/conversation/turn-ids.js";
import { LeaseLostError, ModelError } from "../errors.js";
import { addUsage, compactSession, compactionSettings, sessionWindow } from "./compact-session.js";
import { visibleTokens } from "../domain/conversation/compaction-plan.js";
import { estimateTokens, messageTokens } from "../domain/models/context-window.js";
import type { ChatMessage, TokenUsage } from "../domain/models/chat-model.js";
import { ModelFailure } from "../errors.js";
import { runModelLoop, type ModelLoopInput, type ModelLoopResult } from "./model-loop.js";
import { publishTyping, RunEvents } from "./run-events.js";
import type { SessionHold } from "./state/session-hold.js";
import { StopReason, type TurnControl } from "./turn-control.js";
import type { BatchRun, MessageTurnDeps } from "./turn-deps.js";
import type { TurnOutcome } from "./turn-outcome.js";
import { stoppedReply } from "./stopped-reply.js";
import { resolveReplyMedia } from "../media/reply-media.js";
import { replyImageMaxBytes } from "../domain/conversation/media-reference.js";

/** Thrown when a turn is given back unfinished (shutdown, lost lease): nothing is committed, another worker redoes it. */
export class HandBackError extends Error {
  override name = "HandBackError";
}

/** The transcript entry of one input. */
export function userEntry(entry: StoredEntry<InboxInput>, sessionId: string): TranscriptEntry {
  const input = entry.data;
  const sender = input.message?.sender;
  return {
    role: "user",
    text: input.text,
    ts: input.receivedAt,
    sessionId,
    inputSeq: entry.seq,
    runId: input.runId,
    sender: sender ? { id: sender.id, name: sender.displayName ?? sender.username } : undefined,
    channel: input.message?.channel ?? input.source,
    untrusted: !input.trusted,
    ...(input.attachments?.length ? { attachments: input.attachments } : {}),
  };
}

/** The run ids of a batch: the inputs' own (web chat), or one made up from the session and inputs. */
export function runIdsFor(
  sessionKey: string,
  entries: readonly StoredEntry<InboxInput>[],
): { runId: string; runIds: string[] } {
  const own = [...new Set(entries.flatMap((e) => (e.data.runId ? [e.data.runId] : [])))];
  const runId =
    entries.at(-1)!.data.runId ??
    own.at(-1) ??
    generatedRunId(sessionKey, turnKey(entries[0]!.seq, entries.at(-1)!.seq));
  return { runId, runIds: own.length ? own : [runId] };
}

/** The reply to put in OUTBOX for a batch, when it has somewhere to go. */
export function replyFor(
  sessionKey: string,
  key: string,
  input: InboxInput,
  text: string,
  prefix: string | undefined,
  attachments: AttachmentRef[] = [],
): OutboxMessage[] {
  if (!input.replyTarget) return [];
  return [
    {
      id: replyId(sessionKey, key),
      target: input.replyTarget,
      text: prefix ? `${prefix} ${text}` : text,
      sessionKey,
      origin: "agent",
      createdAt: Date.now(),
      ...(attachments.length ? { attachments } : {}),
    },
  ];
}

function describeFailure(error: unknown, control: TurnControl, settings: AgentSettings): string {
  if (control.reason === StopReason.Timeout)
    return `No answer within ${Math.round(settings.timeoutMs / 1000)} s (agents.defaults.timeoutSeconds); try again or ask for less.`;
  if (error instanceof ModelError && error.kind === "config") return error.message;
  return `The model could not answer: ${errorMessage(error)}`;
}

function statsPatch(
  result: ModelLoopResult,
  entries: readonly StoredEntry<InboxInput>[],
  compactions: number,
  config: OpenClawConfig,
): (s: SessionState) => SessionState {
  const last = entries.at(-1)!.data;
  const message = last.message;
  return (s) => ({
    ...addSessionUsage(s, result.usage, result.model, config),
    ...(compactions ? { compactions: (s.compactions ?? 0) + compactions } : {}),
    agentId: last.agentId,
    lastModel: result.model,
    lastMessage: (result.text || last.text).slice(0, 200),
    channel: message?.channel ?? s.channel ?? last.source,
    kind: message?.peer.kind ?? s.kind,
    displayName:
      message?.chatTitle ??
      message?.sender.displayName ??
      message?.sender.username ??
      s.displayName,
  });
}

/**
 * Runs one message turn: the batch's inputs go to the model (with the session's recent history),
 * text streams as events, tools run, and the result becomes the outcome to commit — the reply for
 * the batch's chat, or a clear error reply when no model could answer, or nothing after `/stop`.
 */
export async function runMessageTurn(
  deps: MessageTurnDeps,
  hold: SessionHold,
  entries: StoredEntry<InboxInput>[],
  run: BatchRun,
): Promise<TurnOutcome> {
  const { config, settings, control, lastResort } = run;
  const state = hold.value;
  const sessionKey = state.key;
  const token = sessionToken(sessionKey);
  const last = entries.at(-1)!.data;
  const key = turnKey(entries[0]!.seq, entries.at(-1)!.seq);
  const ids = runIdsFor(sessionKey, entries);
  const events = new RunEvents(deps.bus, sessionKey, token, ids.runId, ids.runIds);
  const users = entries.map((e) => userEntry(e, state.sessionId));
  const base = { turnKey: key, lastSeq: entries.at(-1)!.seq };
  const typing = settings.typing ? last.replyTarget : undefined;
  publishTyping(deps.bus, sessionKey, typing, "start");
  events.emit({
    type: "lifecycle",
    phase: "start",
    model: state.modelOverride ?? settings.primary,
  });
  const compactions: TranscriptEntry[] = [];
  let extra: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  try {
    const [recent, files] = await Promise.all([
      deps.history.recent(token, state),
      deps.workspace.bootstrapFiles(settings.agentId),
    ]);
    const toolSpecs = deps.tools.specsFor(settings.tools);
    const system = buildSystemPrompt({
      agentName: settings.name,
      custom: settings.systemPrompt,
      channel: last.message?.channel ?? (last.source === "webchat" ? "the web chat" : undefined),
      toolNames: toolSpecs.map((t) => t.name),
      now: new Date(),
      projectContext: composeProjectContext({
        files,
        group: (last.message?.peer.kind ?? "dm") !== "dm",
        maxChars: settings.bootstrapMaxChars,
        totalMaxChars: settings.bootstrapTotalMaxChars,
      }),
    });
    let effects = 0;
    const tool: ModelLoopInput["tool"] = {
      sessionKey,
      agentId: settings.agentId,
      ...(last.replyTarget ? { replyTarget: last.replyTarget } : {}),
      effectId: (kind) => replyId(sessionKey, key, `${kind}${++effects}`),
    };
    const images = await readTurnImages(
      deps.bus,
      config,
      modelCandidates(config, settings, state.modelOverride).refs,
      entries.map((e) => e.data),
      recent,
    );
    const latest: ChatMessage[] = [
      {
        role: "user",
        content: entries.flatMap((e, i) => [
          ...textParts(modelTextFor(e.data)),
          ...images.inputs[i]!,
        ]),
      },
    ];
    let stored = recent;
    const compact = async (trigger: "threshold" | "overflow"): Promise<boolean> => {
      const done = await compactSession(deps, {
        config,
        settings,
        override: state.modelOverride,
        recent: stored,
        sessionId: state.sessionId,
        runId: ids.runId,
        trigger,
        signal: control.signal,
        // Heartbeats skip the memory flush, as in OpenClaw.
        ...(last.cron?.kind === "heartbeat" ? {} : { flush: { system, toolSpecs, tool } }),
      });
      if (!done) return false;
      compactions.push(done.entry);
      extra = addUsage(extra, done.usage);
      stored = [...stored, done.entry];
      return true;
    };
    const window = sessionWindow(config, settings, state.modelOverride);
    const needed =
      visibleTokens(stored) +
      estimateTokens(system) +
      estimateTokens(JSON.stringify(toolSpecs)) +
      latest.reduce((sum, m) => sum + messageTokens(m), 0);
    const compaction = compactionSettings(config);
    // A small window keeps a quarter of itself free at most, so short-window models still hold a conversation.
    const reserve = Math.min(compaction.reserveTokens, Math.floor(window / 4));
    if (compaction.enabled && needed > window - reserve) await compact("threshold");
    const loop = (): Promise<ModelLoopResult> =>
      runModelLoop(deps, {
        config,
        settings,
        override: state.modelOverride,
        system,
        toolSpecs,
        history: historyMessages(stored, images.replay),
        events,
        signal: control.signal,
        latest,
        tool,
      });
    let result: ModelLoopResult;
    try {
      result = await loop();
    } catch (error) {
      // A provider's context-overflow error: compact once and retry the turn (same effect ids, so
      // a tool's side effect already done is recognised, not repeated).
      if (!(error instanceof ModelError && error.kind === ModelFailure.ContextOverflow))
        throw error;
      if (!(await compact("overflow"))) throw error;
      effects = 0;
      result = await loop();
    }
    const resolved = resolveReplyText(result.text);
    // A heartbeat that found nothing to do (HEARTBEAT_OK) stays silent; anything else is delivered.
    const reply =
      resolved !== null && last.cron?.kind === "heartbeat"
        ? heartbeatDelivery(resolved, heartbeatSettings(config).ackMaxChars)
        : resolved;
    // The reply's MEDIA: lines become stored images (or notes saying why not).
    const media =
      reply === null
        ? undefined
        : await resolveReplyMedia(
            { bus: deps.bus, workspace: deps.workspace, network: deps.mediaNetwork },
            {
              agentId: settings.agentId,
              reply,
              maxBytes: replyImageMaxBytes(config),
              signal: control.signal,
            },
          );
    events.emit({
      type: "final",
      text: media?.text ?? "",
      silent: reply === null,
      stopReason: result.stopReason,
      usage: result.usage,
      model: result.model,
      ...(media?.attachments.length ? { attachments: media.attachments } : {}),
    });
    events.emit({ type: "lifecycle", phase: "end", model: result.model });
    const tools: TranscriptEntry[] = result.tools.map((t) => ({
      role: "tool",
      text: t.output.slice(0, 16_000),
      ts: Date.now(),
      sessionId: state.sessionId,
      runId: ids.runId,
      tool: { name: t.name, callId: t.callId, input: t.input, isError: t.isError },
    }));
    const assistant: TranscriptEntry = {
      role: "assistant",
      text: media && media.text !== reply ? media.text : result.text,
      ts: Date.now(),
      sessionId: state.sessionId,
      runId: ids.runId,
      model: result.model,
      usage: result.usage,
      ...(media?.attachments.length ? { attachments: media.attachments } : {}),
    };
    return {
      ...base,
      replies:
        media === undefined
          ? []
          : replyFor(sessionKey, key, last, media.text, settings.responsePrefix, media.attachments),
      transcript: [...compactions, ...users, ...tools, assistant],
      patch: statsPatch(
        { ...result, usage: addUsage(result.usage, extra) },
        entries,
        compactions.length,
        config,
      ),
    };
  } catch (error) {
    if (error instanceof LeaseLostError || control.reason === StopReason.LeaseLost)
      throw new HandBackError(`lost the lease of ${sessionKey}`);
    if (control.reason === StopReason.Shutdown) {
      events.emit({
        type: "lifecycle",
        phase: "restart",
        error: "this worker is shutting down; another one takes over",
      });
      throw new HandBackError("shutting down");
    }
    if (control.reason === StopReason.User) {
      events.emit({ type: "lifecycle", phase: "aborted" });
      return {
        ...base,
        replies: [],
        transcript: [...users, ...stoppedReply(events.partialText, state.sessionId, ids.runId)],
        patch: (s) => ({ ...s, abortedAt: Date.now() }),
      };
    }
    if (!(error instanceof ModelError) && control.reason !== StopReason.Timeout && !lastResort)
      throw error;
    const message = describeFailure(error, control, settings);
    deps.logger.warn(`turn ${key} of ${sessionKey} ends with an error reply: ${message}`);
    events.emit({ type: "lifecycle", phase: "error", error: message });
    const note: TranscriptEntry = {
      role: "system",
      text: `error: ${message}`,
      ts: Date.now(),
      sessionId: state.sessionId,
      runId: ids.runId,
      errorMessage: message,
    };
    return {
      ...base,
      replies: replyFor(sessionKey, key, last, `⚠️ ${message}`, undefined),
      transcript: [...compactions, ...users, note],
      patch: (s) =>
        compactions.length ? { ...s, compactions: (s.compactions ?? 0) + compactions.length } : s,
    };
  } finally {
    publishTyping(deps.bus, sessionKey, typing, "stop");
  }
}
