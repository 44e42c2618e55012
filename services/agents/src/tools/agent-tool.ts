import type { ReplyTarget } from "@clawfleet/core";
import type { ToolSpec } from "../domain/models/chat-model.js";

/** What a tool knows about the turn that calls it. */
export interface ToolContext {
  sessionKey: string;
  agentId: string;
  signal: AbortSignal;
  /** The chat the turn answers, when it came from one (the cron tool delivers reminders there). */
  replyTarget?: ReplyTarget;
  /** A deterministic id for the n-th side effect of this turn, so a redone turn repeats ids, not effects. */
  effectId(kind: string): string;
}

/** What a tool hands back to the model. */
export interface ToolOutput {
  content: string;
  isError?: boolean;
}

/** One tool of the registry. */
export interface AgentTool {
  spec: ToolSpec;
  /** Why the tool is not offered right now (setup missing); undefined or absent: offered. */
  unavailableReason?(): string | undefined;
  run(input: Record<string, unknown>, ctx: ToolContext): Promise<ToolOutput>;
}

/** A tool error as the model should read it. */
export function toolError(message: string): ToolOutput {
  return { content: message, isError: true };
}

/** Reads a string field of a tool input, or undefined. */
export function stringField(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
