import { errorMessage } from "@clawfleet/core";
import { submitInput } from "@clawfleet/bus";
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { resolveSessionTarget } from "../../domain/session-target.js";
import { ErrorCode, GatewayError, invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const paramsSchema = z.looseObject({
  key: z.string().min(1, "key must name a session").max(512),
  agentId: z.string().max(64).optional(),
  instructions: z.string().max(4000).optional(),
  maxLines: z.number().int().min(1).optional(),
});

/** How long `sessions.compact` waits for the agents to summarise (a model call, after any running turn). */
const COMPACT_WAIT_MS = 10 * 60_000;

/** How long the compaction entry may take to become readable after its run reports ok. */
const MARKER_VISIBLE_MS = 3_000;

/**
 * The compaction entry of `runId`, read from the session's history; the run's final event can
 * arrive before the transcript entry is readable, so a missing entry is looked for again briefly.
 */
async function findCompactionMarker(deps: GatewayDeps, sessionKey: string, runId: string) {
  const deadline = Date.now() + MARKER_VISIBLE_MS;
  for (;;) {
    const state = await deps.sessions.get(sessionKey);
    const { entries } = state ? await deps.sessions.history(state, 50) : { entries: [] };
    const marker = entries.findLast((e) => e.compaction && e.runId === runId)?.compaction;
    if (marker || Date.now() >= deadline) return marker;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * `sessions.compact`: queues `/compact [instructions]` in the session's inbox (so it runs in order
 * with the session's turns, on the worker holding it) and answers with OpenClaw's payload once the
 * compaction entry is stored. `maxLines` (OpenClaw's truncation) is refused: transcripts on the bus
 * are append-only.
 */
export function sessionsCompactMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("sessions.compact", Scope.Write, paramsSchema, async (params) => {
    if (params.maxLines !== undefined)
      throw invalidRequest(
        "maxLines is not supported: transcripts on the bus are append-only; omit it to summarise older turns instead",
      );
    const target = resolveSessionTarget(deps.config(), params.key);
    if (typeof target === "string") throw invalidRequest(target);
    if (!(await deps.sessions.get(target.sessionKey)))
      throw invalidRequest(`key: no session ${target.sessionKey}`);
    const runId = `compact-${randomUUID()}`;
    const now = Date.now();
    try {
      await submitInput(deps.bus, {
        id: `compact:${runId}`,
        sessionKey: target.sessionKey,
        agentId: target.agentId,
        text: params.instructions?.trim() ? `/compact ${params.instructions.trim()}` : "/compact",
        source: "webchat",
        runId,
        trusted: true,
        receivedAt: now,
      });
    } catch (error) {
      throw new GatewayError(
        ErrorCode.Unavailable,
        `could not queue the compaction: ${errorMessage(error)}`,
        {
          cause: error,
        },
      );
    }
    deps.runs.accept(runId, target.sessionKey, now);
    const record = await deps.runs.wait(runId, COMPACT_WAIT_MS);
    if (!record || record.status === "pending" || record.status === "running")
      throw new GatewayError(
        ErrorCode.Unavailable,
        "the compaction did not finish in time; it may still complete",
        {
          retryable: true,
        },
      );
    if (record.status !== "ok")
      return {
        ok: false,
        key: target.sessionKey,
        compacted: false,
        reason: record.error ?? record.status,
      };
    const marker = await findCompactionMarker(deps, target.sessionKey, runId);
    if (!marker) return { ok: true, key: target.sessionKey, compacted: false, reason: record.text };
    return {
      ok: true,
      key: target.sessionKey,
      compacted: true,
      result: { tokensBefore: marker.tokensBefore, tokensAfter: marker.tokensAfter },
    };
  });
}
