import { ChannelsStatus, type Bus, type ChannelAccountStatus } from "@clawfleet/bus";
import * as z from "zod";
import { callService } from "../../bus/call-service.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const LABELS: Record<string, string> = {
  discord: "Discord",
  telegram: "Telegram",
  whatsapp: "WhatsApp",
  slack: "Slack",
  signal: "Signal",
};

/** Channel status in OpenClaw's shape: per channel a summary, per account the details. */
export interface ChannelsStatusPayload {
  ts: number;
  channelOrder: string[];
  channelLabels: Record<string, string>;
  channels: Record<
    string,
    { configured: boolean; running: boolean; connected: boolean; lastError?: string }
  >;
  channelAccounts: Record<string, ShownAccountStatus[]>;
}

/**
 * An account as clients see it: `running` (OpenClaw's), `lastMessageAt` (OpenClaw's: the latest
 * inbound or outbound message) and `lastErrorResolved`, true when the last error came before the
 * connection that is up now — history, not a problem to show next to "connected".
 */
export type ShownAccountStatus = ChannelAccountStatus & {
  running: boolean;
  lastMessageAt?: number;
  lastErrorResolved?: boolean;
};

/** Whether an account's last error predates the connection it has now. */
export function errorResolved(account: ChannelAccountStatus): boolean {
  if (!account.lastError || !account.connected || account.lastConnectedAt === undefined)
    return false;
  return (account.lastErrorAt ?? 0) < account.lastConnectedAt;
}

/** Asks the channels service for every account's status and shapes it for clients. */
export async function readChannelsStatus(
  bus: Bus,
  probe: boolean | undefined,
  timeoutMs?: number,
): Promise<ChannelsStatusPayload> {
  const reply = await callService(
    bus,
    "channels",
    ChannelsStatus,
    {},
    probe === undefined ? {} : { probe },
    timeoutMs ? { timeoutMs } : {},
  );
  const payload: ChannelsStatusPayload = {
    ts: reply.ts,
    channelOrder: [],
    channelLabels: {},
    channels: {},
    channelAccounts: {},
  };
  for (const account of reply.accounts) {
    const running = account.holder !== undefined || account.connected;
    if (!payload.channelAccounts[account.channel]) {
      payload.channelOrder.push(account.channel);
      payload.channelLabels[account.channel] = LABELS[account.channel] ?? account.channel;
      payload.channelAccounts[account.channel] = [];
      payload.channels[account.channel] = { configured: false, running: false, connected: false };
    }
    const resolved = errorResolved(account);
    const lastMessageAt = Math.max(account.lastInboundAt ?? 0, account.lastOutboundAt ?? 0);
    payload.channelAccounts[account.channel]!.push({
      ...account,
      running,
      ...(lastMessageAt > 0 ? { lastMessageAt } : {}),
      ...(resolved ? { lastErrorResolved: true } : {}),
    });
    const summary = payload.channels[account.channel]!;
    summary.configured ||= account.configured;
    summary.running ||= running;
    summary.connected ||= account.connected;
    if (account.lastError && !resolved && !summary.lastError) summary.lastError = account.lastError;
  }
  return payload;
}

/** `channels.status`. */
export function channelsStatusMethod(deps: GatewayDeps): MethodDef {
  return defineMethod(
    "channels.status",
    Scope.Read,
    z.looseObject({ probe: z.boolean().optional() }),
    (params) => readChannelsStatus(deps.bus, params.probe),
  );
}
