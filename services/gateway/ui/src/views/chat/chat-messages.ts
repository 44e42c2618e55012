import type { ChatEventPayload } from "../../gateway/wire-types.js";
import { historyImages, type ChatImage } from "./attachments/history-images.js";

/** One bubble of the chat log. */
export interface ChatMessage {
  role: string;
  text: string;
  runIds?: string[];
  state?: "streaming" | "done" | "error" | "aborted";
  error?: string;
  /** Images the message carries (a user message's attachments, a reply's MEDIA: images). */
  images?: ChatImage[];
}

/** A `chat.history` message as the chat reads it (a failed reply has `stopReason: "error"`). */
export interface HistoryMessage {
  role: string;
  text: string;
  runId?: string;
  stopReason?: string;
  errorMessage?: string;
  /** OpenClaw's content blocks: a user message's images are `{type: "image", artifactId, …}` blocks. */
  content?: unknown;
}

/** The user messages and replies of a history page: a failed reply shown as its error, a stopped one as stopped. */
export function historyToMessages(history: HistoryMessage[]): ChatMessage[] {
  return history
    .filter((m) => m.role === "user" || m.role === "assistant")
    .map((m) => {
      const runIds = m.runId ? [m.runId] : [];
      if (m.stopReason === "error")
        return { role: m.role, text: "", state: "error", error: m.errorMessage ?? m.text, runIds };
      if (m.stopReason === "aborted")
        return { role: m.role, text: m.text, state: "aborted", error: "stopped", runIds };
      const images = historyImages(m.content);
      return {
        role: m.role,
        text: m.text,
        state: "done",
        runIds,
        ...(images.length ? { images } : {}),
      };
    });
}

/**
 * The log once a history page arrives: the page, then replies from before the request that still
 * stream, then everything shown since the request went out (`shownAtRequest` bubbles were shown
 * then), so a message sent while the history loaded stays on screen.
 */
export function withHistory(
  page: readonly ChatMessage[],
  current: readonly ChatMessage[],
  shownAtRequest: number,
): ChatMessage[] {
  const streaming = current.slice(0, shownAtRequest).filter((m) => m.state === "streaming");
  return [...page, ...streaming, ...current.slice(shownAtRequest)];
}

/** Index of the reply bubble of any of `runIds`, or -1. */
export function replyIndex(messages: readonly ChatMessage[], runIds: readonly string[]): number {
  return messages.findIndex(
    (m) => m.role === "assistant" && m.runIds?.some((id) => runIds.includes(id)),
  );
}

/**
 * The log after one `chat` event: the run's reply bubble (added on its first event) gets the new
 * text or its end state; `stopped` says the user stopped the run, so its final shows as stopped.
 */
export function applyChatEvent(
  messages: readonly ChatMessage[],
  event: ChatEventPayload,
  stopped: boolean,
): ChatMessage[] {
  const runIds = event.runIds?.length ? event.runIds : [event.runId];
  const next = [...messages];
  let index = replyIndex(next, runIds);
  if (index < 0) {
    next.push({ role: "assistant", text: "", runIds, state: "streaming" });
    index = next.length - 1;
  }
  const current = { ...next[index]! };
  const whole = event.message?.content.map((c) => (c.type === "text" ? c.text : "")).join("");
  if (event.state === "delta") {
    current.text = event.replace
      ? (whole ?? event.deltaText ?? "")
      : (whole ?? current.text + (event.deltaText ?? ""));
    current.state = "streaming";
    // A reply that was given up as stalled and speaks again is alive after all.
    delete current.error;
  } else if (event.state === "final") {
    current.text = whole ?? current.text;
    current.state = stopped ? "aborted" : "done";
    // The reply's images (its MEDIA: lines), as chat.history shows them after a reload.
    const images = historyImages(event.message?.content);
    if (images.length) current.images = images;
    if (stopped) current.error = "stopped";
    else {
      delete current.error;
      if (!current.text && !images.length) current.text = "(no reply)";
    }
  } else if (event.state === "error") {
    current.state = "error";
    current.error = event.errorMessage ?? "the run failed";
  } else {
    current.state = "aborted";
    current.error = "stopped";
  }
  next[index] = current;
  return next;
}

/** The log with the reply of `runIds` (added when it has none yet) marked as failed with `error`. */
export function failReply(
  messages: readonly ChatMessage[],
  runIds: readonly string[],
  error: string,
): ChatMessage[] {
  const next = [...messages];
  const index = replyIndex(next, runIds);
  if (index < 0)
    next.push({ role: "assistant", text: "", runIds: [...runIds], state: "error", error });
  else next[index] = { ...next[index]!, state: "error", error };
  return next;
}
