import { PairingApprove, PairingList } from "@clawfleet/bus";
import { PAIRING_MAX_PENDING, PAIRING_TTL_MS } from "@clawfleet/core";
import * as z from "zod";
import { callService } from "../../bus/call-service.js";
import { pairingAccounts } from "../../domain/pairing-accounts.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const listSchema = z.looseObject({
  channel: z.string().max(32).optional(),
  accountId: z.string().max(128).optional(),
});
const approveSchema = z.looseObject({
  channel: z.string().min(1).max(32),
  code: z.string().min(1).max(32),
  accountId: z.string().max(128).optional(),
  notify: z.boolean().optional(),
});

/** `channels.pairing.list` and `channels.pairing.approve`: DM pairing requests, answered by the channels service. */
export function channelsPairingMethods(deps: GatewayDeps): MethodDef[] {
  return [
    defineMethod("channels.pairing.list", Scope.Pairing, listSchema, async (params) => {
      const request: { channel?: string; accountId?: string } = {};
      if (params.channel) request.channel = params.channel;
      if (params.accountId) request.accountId = params.accountId;
      const reply = await callService(deps.bus, "channels", PairingList, {}, request);
      return {
        ts: Date.now(),
        accounts: pairingAccounts(deps.config(), reply.requests),
        requests: reply.requests,
        limits: { pendingPerAccount: PAIRING_MAX_PENDING, ttlMs: PAIRING_TTL_MS },
      };
    }),
    defineMethod("channels.pairing.approve", Scope.Pairing, approveSchema, async (params) => {
      const request: { channel: string; code: string; accountId?: string; notify?: boolean } = {
        channel: params.channel,
        code: params.code.trim().toUpperCase(),
      };
      if (params.accountId) request.accountId = params.accountId;
      if (params.notify !== undefined) request.notify = params.notify;
      return callService(deps.bus, "channels", PairingApprove, {}, request);
    }),
  ];
}
