import {
  BusError,
  BusErrorCode,
  ChannelLogin,
  ChannelLogout,
  type Bus,
  type RequestDef,
  type SubjectParams,
} from "@clawfleet/bus";
import * as z from "zod";
import { serviceError } from "../../bus/call-service.js";
import { ErrorCode, GatewayError } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const ACCOUNT = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, - or _");
/** Channels with a QR login: WhatsApp (OpenClaw's default for web.login.*) and Signal (device link). */
const QR_CHANNEL = z.enum(["whatsapp", "signal"]);
const startSchema = z.looseObject({
  channel: QR_CHANNEL.optional(),
  accountId: ACCOUNT.optional(),
  force: z.boolean().optional(),
  timeoutMs: z.number().int().min(1000).max(300_000).optional(),
});
const waitSchema = z.looseObject({
  channel: QR_CHANNEL.optional(),
  accountId: ACCOUNT.optional(),
  timeoutMs: z.number().int().min(1000).max(300_000).optional(),
});
const logoutSchema = z.looseObject({
  channel: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "a channel name like whatsapp"),
  accountId: ACCOUNT.optional(),
});

/** Asks the holder of one account; nobody answering means no instance holds it (not configured, or no state key). */
async function callHolder<T extends string, S extends z.ZodType, R extends z.ZodType>(
  bus: Bus,
  def: RequestDef<T, S, R>,
  params: SubjectParams<T>,
  label: { channel: string; account: string },
  payload: z.input<S>,
  timeoutMs: number,
): Promise<z.output<R>> {
  try {
    return await bus.request(def, params, payload, { timeoutMs });
  } catch (error) {
    if (error instanceof BusError && error.code === BusErrorCode.NoResponders)
      throw new GatewayError(
        ErrorCode.Unavailable,
        `no channels instance holds ${label.channel}/${label.account}: is channels.${label.channel} configured (WhatsApp also needs CLAWFLEET_STATE_KEY, Signal a reachable signal-cli) and the channels service running? See channels.status`,
        { cause: error },
      );
    throw serviceError("channels", error);
  }
}

/** Bus time on top of a login wait, so the holder's answer arrives before the request times out. */
const WAIT_SLACK_MS = 5000;

/**
 * `web.login.start` / `web.login.wait` (WhatsApp QR login, as in OpenClaw; `channel: "signal"` links
 * a signal-cli device the same way) and `channels.logout`,
 * answered by the channels instance holding the account: `start` returns the QR as a data URL
 * (and its raw payload for terminals), `wait` returns once linked, on a new QR, or after `timeoutMs`.
 */
export function channelsLoginMethods(deps: GatewayDeps): MethodDef[] {
  const params = (channel: string | undefined, accountId: string | undefined) => ({
    channel: channel ?? "whatsapp",
    account: accountId ?? "default",
  });
  return [
    defineMethod("web.login.start", Scope.Admin, startSchema, (request) => {
      const whatsapp = params(request.channel, request.accountId);
      const payload: { step: "start"; force?: boolean } = { step: "start" };
      if (request.force !== undefined) payload.force = request.force;
      return callHolder(deps.bus, ChannelLogin, whatsapp, whatsapp, payload, 45_000);
    }),
    defineMethod("web.login.wait", Scope.Admin, waitSchema, (request) => {
      const timeoutMs = request.timeoutMs ?? 120_000;
      const whatsapp = params(request.channel, request.accountId);
      return callHolder(
        deps.bus,
        ChannelLogin,
        whatsapp,
        whatsapp,
        { step: "wait", timeoutMs },
        timeoutMs + WAIT_SLACK_MS,
      );
    }),
    defineMethod("channels.logout", Scope.Admin, logoutSchema, async (request) => {
      const account = { channel: request.channel, account: request.accountId ?? "default" };
      const reply = await callHolder(deps.bus, ChannelLogout, account, account, {}, 30_000);
      return { channel: request.channel, accountId: request.accountId ?? "default", ...reply };
    }),
  ];
}
