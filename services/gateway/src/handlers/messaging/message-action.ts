import * as z from "zod";
import { GatewayError, ErrorCode, invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";
import { queueDirectSend } from "./queue-send.js";

const text = z.string().min(1).max(100_000);
const sendParams = z.looseObject({
  to: z.string().min(1).max(300).optional(),
  target: z.string().min(1).max(300).optional(),
  message: text.optional(),
  text: text.optional(),
  accountId: z.string().max(128).optional(),
  threadId: z.union([z.string().max(128), z.number()]).optional(),
});

const paramsSchema = z.looseObject({
  channel: z.string().max(32).optional(),
  action: z.string().min(1).max(64),
  accountId: z.string().max(128).optional(),
  params: z.looseObject({}).optional(),
  idempotencyKey: z.string().min(1).max(512).optional(),
});

/**
 * `message.action` (OpenClaw's `openclaw message …`): `send` queues a direct message like `send`
 * (the target may carry the channel prefix, `telegram:4244`); every other action (react, edit,
 * delete, poll, pin…) answers "not supported here".
 */
export function messageActionMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("message.action", Scope.Write, paramsSchema, async (params) => {
    if (params.action !== "send")
      throw new GatewayError(
        ErrorCode.InvalidRequest,
        `message action "${params.action}" is not supported by this gateway (only "send")`,
        { details: { code: "NOT_SUPPORTED", action: params.action } },
      );
    const parsed = sendParams.safeParse(params.params ?? {});
    if (!parsed.success)
      throw invalidRequest(
        `invalid message.action params: ${parsed.error.issues.map((i) => `params.${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    const send = parsed.data;
    const message = send.message ?? send.text;
    const rawTo = send.to ?? send.target;
    if (!rawTo) throw invalidRequest("message.action send needs params.to (the destination)");
    if (!message) throw invalidRequest("message.action send needs params.message (the text)");
    const { channel, to } = splitChannelPrefix(rawTo, params.channel);
    const result = await queueDirectSend(deps, {
      to,
      message,
      channel,
      accountId: send.accountId ?? params.accountId,
      threadId: send.threadId === undefined ? undefined : String(send.threadId),
      idempotencyKey: params.idempotencyKey,
    });
    return { ...result, action: "send" };
  });
}

const CHANNEL_PREFIX = /^(telegram|discord|slack|whatsapp):(.+)$/;

/** `telegram:4244` → channel `telegram`, destination `4244` (a given channel must agree). */
function splitChannelPrefix(
  to: string,
  channel: string | undefined,
): { channel: string | undefined; to: string } {
  const match = CHANNEL_PREFIX.exec(to.trim());
  if (!match) return { channel, to };
  if (channel && channel !== match[1])
    throw invalidRequest(`destination ${to} names channel ${match[1]}, not ${channel}`);
  return { channel: match[1], to: match[2]! };
}
