import { errorMessage } from "@clawfleet/core";
import { submitInput } from "@clawfleet/bus";
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { resolveSessionTarget } from "../../domain/session-target.js";
import { runIdFor, stableId } from "../../domain/stable-id.js";
import { ErrorCode, GatewayError, invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";
import {
  attachmentsParamSchema,
  checkAttachments,
  messageParamSchema,
  requireMessageOrAttachments,
  storeAttachments,
} from "./attachment-input.js";

const paramsSchema = z.looseObject({
  sessionKey: z.string().max(512).optional(),
  message: messageParamSchema,
  /** Images (OpenClaw's shape: base64 or data: URL `content`); `message` may then be empty. */
  attachments: attachmentsParamSchema,
  idempotencyKey: z.string().min(1).max(512).optional(),
  thinking: z.string().optional(),
  deliver: z.boolean().optional(),
});

/**
 * `chat.send`: appends operator text (and images, stored in the `attachments` object store first) to a
 * session's inbox and answers at once; replies stream as `chat` events. A refused image queues nothing.
 */
export function chatSendMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("chat.send", Scope.Write, paramsSchema, async (params) => {
    const target = resolveSessionTarget(deps.config(), params.sessionKey);
    if (typeof target === "string") throw invalidRequest(target);
    requireMessageOrAttachments(params.message, params.attachments);
    const images = checkAttachments(deps, params.attachments);
    const key = params.idempotencyKey ?? randomUUID();
    const runId = runIdFor(key);
    return deps.idempotency.run("chat.send", key, async () => {
      const attachments = await storeAttachments(deps, images);
      const now = Date.now();
      try {
        await submitInput(deps.bus, {
          id: `webchat:${stableId(key)}`,
          sessionKey: target.sessionKey,
          agentId: target.agentId,
          text: params.message,
          source: "webchat",
          runId,
          trusted: true,
          receivedAt: now,
          ...(attachments.length ? { attachments } : {}),
        });
      } catch (error) {
        throw new GatewayError(
          ErrorCode.Unavailable,
          `could not queue the message: ${errorMessage(error)}`,
          { cause: error },
        );
      }
      deps.runs.accept(runId, target.sessionKey, now);
      const ack: Record<string, unknown> = {
        runId,
        status: "started",
        sessionKey: target.sessionKey,
      };
      if (await deps.directory.confirmedAbsent("agents")) {
        ack.queued = true;
        ack.warning =
          "no agents service is running: the message is queued and will be answered when one starts";
      }
      return ack;
    });
  });
}
