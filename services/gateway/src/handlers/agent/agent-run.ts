import { errorMessage } from "@clawfleet/core";
import { submitInput } from "@clawfleet/bus";
import type { ReplyTarget } from "@clawfleet/core";
import { randomUUID } from "node:crypto";
import * as z from "zod";
import type { RunRecord } from "../../domain/run-registry.js";
import { resolveSessionTarget } from "../../domain/session-target.js";
import { runIdFor, stableId } from "../../domain/stable-id.js";
import { ErrorCode, GatewayError, invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";
import { deliveryTarget } from "../messaging/delivery-target.js";
import {
  attachmentsParamSchema,
  checkAttachments,
  messageParamSchema,
  requireMessageOrAttachments,
  storeAttachments,
} from "../chat/attachment-input.js";

const paramsSchema = z.looseObject({
  message: messageParamSchema,
  /** Images, as in `chat.send`; `message` may then be empty. */
  attachments: attachmentsParamSchema,
  agentId: z.string().max(64).optional(),
  sessionKey: z.string().max(512).optional(),
  to: z.string().max(256).optional(),
  channel: z.string().max(32).optional(),
  accountId: z.string().max(128).optional(),
  threadId: z.string().max(128).optional(),
  deliver: z.boolean().optional(),
  /** OpenClaw's CLI names the delivery target `replyChannel` / `replyTo` / `replyAccountId`. */
  replyChannel: z.string().max(32).optional(),
  replyTo: z.string().max(256).optional(),
  replyAccountId: z.string().max(128).optional(),
  idempotencyKey: z.string().min(1).max(512).optional(),
  timeout: z.number().int().positive().optional(),
});

type AgentParams = z.output<typeof paramsSchema>;

/**
 * `agent`: runs the agent on a message (optionally delivering the reply on a channel when
 * `deliver`, `channel` and `to` are given). Answers `accepted` at once, then — as OpenClaw does for
 * `--expect-final` clients — a second response with the same id when the run ends.
 */
export function agentMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("agent", Scope.Write, paramsSchema, async (params, ctx) => {
    const target = resolveSessionTarget(deps.config(), params.sessionKey, params.agentId);
    if (typeof target === "string") throw invalidRequest(target);
    requireMessageOrAttachments(params.message, params.attachments);
    const images = checkAttachments(deps, params.attachments);
    const replyTarget = params.deliver ? agentDeliveryTarget(deps, params) : undefined;
    const key = params.idempotencyKey ?? randomUUID();
    const runId = runIdFor(key);
    const ack = await deps.idempotency.run("agent", key, async () => {
      const attachments = await storeAttachments(deps, images);
      const acceptedAt = Date.now();
      try {
        await submitInput(deps.bus, {
          id: `agent:${stableId(key)}`,
          sessionKey: target.sessionKey,
          agentId: target.agentId,
          text: params.message,
          source: "api",
          runId,
          trusted: true,
          receivedAt: acceptedAt,
          ...(replyTarget ? { replyTarget } : {}),
          ...(attachments.length ? { attachments } : {}),
        });
      } catch (error) {
        throw new GatewayError(
          ErrorCode.Unavailable,
          `could not queue the message: ${errorMessage(error)}`,
          { cause: error },
        );
      }
      deps.runs.accept(runId, target.sessionKey, acceptedAt);
      return { runId, status: "accepted", acceptedAt, sessionKey: target.sessionKey };
    });
    const timeoutMs =
      (params.timeout ?? deps.config().agents.defaults.timeoutSeconds) * 1000 + 30_000;
    setImmediate(
      () =>
        void deps.runs.wait(runId, timeoutMs, ctx.signal).then((record) => {
          if (!ctx.signal.aborted) ctx.respondAgain(finalResult(runId, record));
        }),
    );
    return ack;
  });
}

function agentDeliveryTarget(deps: GatewayDeps, params: AgentParams): ReplyTarget {
  const to = params.replyTo ?? params.to;
  if (!to)
    throw invalidRequest(
      "deliver needs `to` or `replyTo` (and `channel`/`replyChannel` when several are configured)",
    );
  return deliveryTarget(deps.config(), {
    to,
    channel: params.replyChannel ?? params.channel,
    accountId: params.replyAccountId ?? params.accountId,
    threadId: params.threadId,
  });
}

/**
 * The terminal answer of a run, as `agent.wait` and the `agent` method's final response give it:
 * OpenClaw's `result.payloads[].text` and `result.meta` (plus `result.text` for older clients).
 */
export function finalResult(runId: string, record: RunRecord | undefined): Record<string, unknown> {
  if (!record || record.endedAt === undefined)
    return { runId, status: "timeout", summary: "timed out waiting for the run to end" };
  const status = record.status === "ok" ? "ok" : "error";
  const result: Record<string, unknown> = {
    runId,
    status,
    summary: status === "ok" ? "completed" : (record.error ?? record.status),
    startedAt: record.startedAt,
    endedAt: record.endedAt,
  };
  if (record.status === "aborted") result.error = "aborted";
  if (record.error) result.error = record.error;
  if (record.status === "ok") result.result = runResult(record);
  return result;
}

function runResult(record: RunRecord): Record<string, unknown> {
  const text = record.text ?? "";
  const slash = record.model?.indexOf("/") ?? -1;
  const agentMeta: Record<string, unknown> = { sessionKey: record.sessionKey };
  if (record.model && slash > 0) {
    agentMeta.provider = record.model.slice(0, slash);
    agentMeta.model = record.model.slice(slash + 1);
  } else if (record.model) agentMeta.model = record.model;
  if (record.usage) {
    const { inputTokens: input, outputTokens: output } = record.usage;
    // Cache reads/writes and cost are not measured by clawfleet's agents: reported as zero.
    agentMeta.usage = { input, output, cacheRead: 0, cacheWrite: 0, total: input + output };
  }
  return {
    text,
    payloads: text === "" ? [] : [{ text, mediaUrl: null }],
    meta: {
      durationMs: (record.endedAt ?? 0) - (record.startedAt ?? record.acceptedAt),
      agentMeta,
    },
  };
}
