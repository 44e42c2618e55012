import type { AgentEvent } from "@clawfleet/bus";
import { imageBlocks, type ImageBlock } from "./image-blocks.js";
import { liveAnswerMeta, type OpenClawMessageMeta } from "./openclaw-message-identity.js";

/** An assistant message as OpenClaw's chat events carry it. */
export interface ChatMessage {
  role: "assistant";
  /** The text block, then the reply's images (on a final), as `chat.history` has them. */
  content: ({ type: "text"; text: string } | ImageBlock)[];
  timestamp: number;
  /** On a run's answer: the identity OpenClaw's clients merge it with its `chat.history` row by. */
  __openclaw?: OpenClawMessageMeta;
}

/** Payload of a `chat` event. */
export interface ChatEventPayload {
  runId: string;
  runIds: string[];
  sessionKey: string;
  seq: number;
  state: "delta" | "final" | "aborted" | "error";
  ts: number;
  deltaText?: string;
  /** True when `deltaText` replaces everything streamed so far (the turn restarted on another model). */
  replace?: boolean;
  /** Cumulative assistant text so far; absent on a silent final. */
  message?: ChatMessage;
  usage?: { inputTokens: number; outputTokens: number };
  stopReason?: string;
  errorMessage?: string;
}

/** Payload of an `agent` event. */
export interface AgentEventPayload {
  runId: string;
  runIds: string[];
  sessionKey: string;
  seq: number;
  stream: "lifecycle" | "assistant" | "tool";
  ts: number;
  data: Record<string, unknown>;
}

/** How a run ended, when an event ends it. */
export type RunOutcome =
  | { status: "ok"; text?: string; model?: string; usage?: RunUsage }
  | { status: "error"; error: string }
  | { status: "aborted" };

/** Token counts of a run, as the final event reports them. */
export interface RunUsage {
  inputTokens: number;
  outputTokens: number;
}

/** What one agent event turns into for clients. */
export interface MappedEvent {
  chat?: ChatEventPayload;
  agent: AgentEventPayload;
  outcome?: RunOutcome;
}

const STALE_MS = 30 * 60_000;

/**
 * Turns bus agent events into OpenClaw `chat` and `agent` event payloads, keeping each run's
 * cumulative text (a `chat` delta carries both the new text and the whole message so far).
 */
export class ChatEventMapper {
  readonly #text = new Map<string, { text: string; touched: number }>();

  /** Maps one event; `now` stamps the cumulative message. */
  map(event: AgentEvent, now: number): MappedEvent {
    const base = {
      runId: event.runId,
      runIds: event.runIds.length > 0 ? event.runIds : [event.runId],
      sessionKey: event.sessionKey,
      seq: event.seq,
      ts: event.ts,
    };
    switch (event.type) {
      case "delta": {
        const text = this.#append(event.runId, event.text, now);
        return {
          chat: { ...base, state: "delta", deltaText: event.text, message: message(text, now) },
          agent: { ...base, stream: "assistant", data: { text, delta: event.text } },
        };
      }
      case "final": {
        this.#text.delete(event.runId);
        const chat: ChatEventPayload = { ...base, state: "final" };
        const images = imageBlocks(event.attachments);
        if (!event.silent && (event.text !== "" || images.length > 0)) {
          const answer = message(event.text, now);
          answer.content.push(...images);
          chat.message = { ...answer, __openclaw: liveAnswerMeta(event.runId) };
        }
        if (event.usage) chat.usage = event.usage;
        if (event.stopReason) chat.stopReason = event.stopReason;
        return {
          chat,
          agent: {
            ...base,
            stream: "assistant",
            data: { text: event.silent ? "" : event.text, final: true, silent: event.silent },
          },
          outcome: {
            status: "ok",
            text: event.silent ? "" : event.text,
            ...(event.usage ? { usage: event.usage } : {}),
            ...(event.model ? { model: event.model } : {}),
          },
        };
      }
      case "tool":
        return {
          agent: {
            ...base,
            stream: "tool",
            data: {
              phase: event.phase,
              name: event.name,
              toolCallId: event.callId,
              input: event.input,
              output: event.output,
              isError: event.isError,
            },
          },
        };
      case "lifecycle":
        return this.#lifecycle(event, base, now);
    }
  }

  /** Forgets runs nobody finished (a worker that died mid-turn) after half an hour. */
  sweep(now: number): void {
    for (const [runId, entry] of this.#text)
      if (now - entry.touched > STALE_MS) this.#text.delete(runId);
  }

  #lifecycle(
    event: Extract<AgentEvent, { type: "lifecycle" }>,
    base: Omit<AgentEventPayload, "stream" | "data">,
    now: number,
  ): MappedEvent {
    const data: Record<string, unknown> = { phase: event.phase };
    if (event.model) data.model = event.model;
    if (event.error) data.error = event.error;
    const agent: AgentEventPayload = { ...base, stream: "lifecycle", data };
    switch (event.phase) {
      case "start":
        return { agent };
      case "end":
        this.#text.delete(event.runId);
        return { agent, outcome: { status: "ok", ...(event.model ? { model: event.model } : {}) } };
      case "restart":
        this.#text.set(event.runId, { text: "", touched: now });
        return {
          agent,
          chat: {
            ...base,
            state: "delta",
            deltaText: "",
            replace: true,
            message: message("", now),
          },
        };
      case "aborted": {
        // As OpenClaw's gateway: the aborted event carries what was streamed, so the UI keeps it.
        const partial = this.#text.get(event.runId)?.text ?? "";
        this.#text.delete(event.runId);
        const chat: ChatEventPayload = { ...base, state: "aborted", stopReason: "rpc" };
        if (partial.trim()) chat.message = message(partial, now);
        return { agent, chat, outcome: { status: "aborted" } };
      }
      case "error": {
        this.#text.delete(event.runId);
        const error = event.error ?? "the agent run failed";
        return {
          agent,
          chat: { ...base, state: "error", errorMessage: error },
          outcome: { status: "error", error },
        };
      }
    }
  }

  #append(runId: string, delta: string, now: number): string {
    const text = (this.#text.get(runId)?.text ?? "") + delta;
    this.#text.set(runId, { text, touched: now });
    return text;
  }
}

function message(text: string, now: number): ChatMessage {
  return { role: "assistant", content: [{ type: "text", text }], timestamp: now };
}
