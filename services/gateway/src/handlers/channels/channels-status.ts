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
  channelAccounts: Record<string, (ChannelAccountStatus & { running: boolean })[]>;
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
    payload.channelAccounts[account.channel]!.push({ ...account, running });
    const summary = payload.channels[account.channel]!;
    summary.configured ||= account.configured;
    summary.running ||= running;
    summary.connected ||= account.connected;
    if (account.lastError && !summary.lastError) summary.lastError = account.lastError;
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
