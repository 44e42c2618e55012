import type { InboxInput, SessionState } from "@clawfleet/bus";
import type { ConfiguredModel } from "../models/configured-models.js";

/** The `/help` answer. */
export function helpText(resetTriggers: readonly string[]): string {
  const resets = resetTriggers.filter((t) => t !== "/new").join(", ") || "/reset";
  return [
    "Commands:",
    "/new [provider/model] — start a fresh session (optionally with another model)",
    `${resets} — start a fresh session`,
    "/status — session, model and usage",
    "/compact [instructions] — summarise older turns to free the context window",
    "/usage — tokens and cost of this session",
    "/model — show the model; /model list — configured models; /model provider/model — switch",
    "/stop — stop the running answer",
    "/whoami — who you are to this bot",
    "/help — this list",
  ].join("\n");
}

/** What `/status` shows. */
export interface StatusFacts {
  state: SessionState;
  agentName: string;
  model: string;
  modelSource: "session" | "config";
  fallbacks: readonly string[];
  queueMode: string;
  now: number;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/** The `/status` answer. */
export function statusText(facts: StatusFacts): string {
  const { state } = facts;
  return [
    `Agent: ${facts.agentName} (${state.agentId})`,
    `Session: ${state.key} · id ${state.sessionId.slice(0, 8)} · started ${ago(facts.now - state.createdAt)}`,
    `Model: ${facts.model}${facts.modelSource === "session" ? " (set for this session)" : ""}${facts.fallbacks.length ? ` · fallbacks ${facts.fallbacks.join(", ")}` : ""}`,
    `Tokens: ${state.inputTokens} in / ${state.outputTokens} out${state.compactions ? ` · 🧹 Compactions: ${state.compactions}` : ""}`,
    `Queue: ${facts.queueMode}`,
  ].join("\n");
}

/** The `/model list` answer. */
export function modelListText(models: readonly ConfiguredModel[], current: string): string {
  const lines = models.map((m) => {
    const marks = [
      m.id === current ? "current" : undefined,
      m.alias ? `alias ${m.alias}` : undefined,
      m.available ? undefined : m.reason,
    ].filter(Boolean);
    return `${m.available ? "•" : "✗"} ${m.id}${marks.length ? ` (${marks.join("; ")})` : ""}`;
  });
  return ["Models:", ...lines, "Switch with /model provider/model."].join("\n");
}

/** The `/whoami` answer. */
export function whoamiText(input: InboxInput): string {
  const message = input.message;
  if (!message)
    return [
      `You are the operator (${input.source}).`,
      `Session: ${input.sessionKey}`,
      `Agent: ${input.agentId}`,
    ].join("\n");
  const sender = message.sender;
  const name = sender.displayName ?? sender.username;
  return [
    `You are ${name ? `${name} ` : ""}(id ${sender.id}${sender.username ? `, @${sender.username}` : ""}) on ${message.channel}, account ${message.accountId}.`,
    `Chat: ${message.peer.kind} ${message.peer.id}${message.threadId ? `, thread ${message.threadId}` : ""}`,
    `Session: ${input.sessionKey}`,
    `Agent: ${input.agentId}`,
  ].join("\n");
}
