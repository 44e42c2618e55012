import * as z from "zod";
import type { HistoryEntry } from "../../bus/session-reader.js";
import { imageBlocks } from "../../domain/image-blocks.js";
import { storedMessageMeta } from "../../domain/openclaw-message-identity.js";
import { resolveSessionTarget } from "../../domain/session-target.js";
import { invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const paramsSchema = z.looseObject({
  sessionKey: z.string().max(512).optional(),
  limit: z.number().int().positive().optional(),
});

const HISTORY_MAX = 1000;

/** `chat.history` (and `chat.startup`, its first-open form): a session's transcript read from the bus, as OpenClaw messages (`content` parts). */
export function chatHistoryMethods(deps: GatewayDeps): MethodDef[] {
  return ["chat.history", "chat.startup"].map((name) =>
    defineMethod(name, Scope.Read, paramsSchema, (params) => readChatHistory(deps, params)),
  );
}

/** A compaction entry as OpenClaw's chat.history shows it: a "Compaction" system marker with its token counts. */
function compactionMarker(
  entry: HistoryEntry,
  compaction: NonNullable<HistoryEntry["compaction"]>,
): Record<string, unknown> {
  return {
    role: "system",
    content: [{ type: "text", text: "Compaction" }],
    text: "Compaction",
    timestamp: entry.ts,
    __openclaw: {
      kind: "compaction",
      id: `compaction-${entry.seq ?? entry.ts}`,
      ...(entry.runId ? { runId: entry.runId } : {}),
      tokensBefore: compaction.tokensBefore,
      tokensAfter: compaction.tokensAfter,
      summary: entry.text,
    },
  };
}

/**
 * The note a failed turn leaves, as OpenClaw stores a failed reply: an assistant message with
 * `stopReason: "error"` and the `errorMessage` the user was shown, so clients show it in place.
 */
function failedReply(entry: HistoryEntry, errorMessage: string): Record<string, unknown> {
  return {
    role: "assistant",
    content: [{ type: "text", text: errorMessage }],
    text: errorMessage,
    timestamp: entry.ts,
    stopReason: "error",
    errorMessage,
    ...(entry.runId ? { runId: entry.runId } : {}),
  };
}

/** A page of a session's transcript (the last `limit` messages of its current session id). */
export async function readChatHistory(
  deps: GatewayDeps,
  params: z.output<typeof paramsSchema>,
): Promise<Record<string, unknown>> {
  const target = resolveSessionTarget(deps.config(), params.sessionKey);
  if (typeof target === "string") throw invalidRequest(target);
  const state = await deps.sessions.get(target.sessionKey);
  if (!state) return { sessionKey: target.sessionKey, messages: [], hasMore: false };
  const limit = Math.min(params.limit ?? 200, HISTORY_MAX);
  const { entries, hasMore } = await deps.sessions.history(state, limit);
  return {
    sessionKey: target.sessionKey,
    sessionId: state.sessionId,
    hasMore,
    messages: entries.map((m) =>
      m.compaction
        ? compactionMarker(m, m.compaction)
        : {
            ...(m.errorMessage
              ? failedReply(m, m.errorMessage)
              : {
                  role: m.role === "tool" ? "toolResult" : m.role,
                  content: [{ type: "text", text: m.text }, ...imageBlocks(m.attachments)],
                  text: m.text,
                  timestamp: m.ts,
                  ...(m.runId ? { runId: m.runId } : {}),
                  ...(m.model ? { model: m.model } : {}),
                  // A reply the user stopped, as OpenClaw's gateway keeps it (partial text, aborted).
                  ...(m.stopped ? { stopReason: "aborted" } : {}),
                  ...(m.usage
                    ? { usage: { input: m.usage.inputTokens, output: m.usage.outputTokens } }
                    : {}),
                }),
            __openclaw: storedMessageMeta({ ...m, sessionId: state.sessionId }),
          },
    ),
  };
}
