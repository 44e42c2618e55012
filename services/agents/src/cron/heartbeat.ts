import { Inbox, type Bus, type inboxInputSchema } from "@clawfleet/bus";
import type { OpenClawConfig } from "@clawfleet/config";
import {
  buildMainSessionKey,
  DEFAULT_AGENT_ID,
  normalizeAgentId,
  sessionToken,
  type ReplyTarget,
} from "@clawfleet/core";
import type * as z from "zod";
import { DEFAULT_HEARTBEAT_PROMPT } from "../domain/cron/heartbeat-reply.js";
import { durationMs } from "../domain/cron/schedule.js";

/** The heartbeat settings in force (`agents.defaults.heartbeat`, OpenClaw's defaults). */
export interface HeartbeatSettings {
  everyMs: number;
  target: string;
  to?: string;
  accountId?: string;
  prompt: string;
  ackMaxChars: number;
}

/** Resolves `agents.defaults.heartbeat`; `everyMs` 0 means off. */
export function heartbeatSettings(config: OpenClawConfig): HeartbeatSettings {
  const hb = config.agents.defaults.heartbeat;
  const everyMs = durationMs(hb?.every ?? "30m");
  return {
    everyMs: Number.isFinite(everyMs) ? everyMs : 0,
    target: hb?.target ?? "last",
    ...(hb?.to ? { to: hb.to } : {}),
    ...(hb?.accountId ? { accountId: hb.accountId } : {}),
    prompt: hb?.prompt ?? DEFAULT_HEARTBEAT_PROMPT,
    ackMaxChars: hb?.ackMaxChars ?? 300,
  };
}

/** The agents that get a heartbeat: the configured ones, or `main`. */
export function heartbeatAgents(config: OpenClawConfig): string[] {
  return config.agents.list.length
    ? config.agents.list.map((agent) => normalizeAgentId(agent.id))
    : [DEFAULT_AGENT_ID];
}

/** Where a heartbeat reply goes: the main session's last chat (`last`), nowhere (`none`), or a channel with `to`. */
export async function heartbeatTarget(
  bus: Bus,
  settings: HeartbeatSettings,
  mainSessionKey: string,
): Promise<ReplyTarget | undefined> {
  if (settings.target === "none") return undefined;
  if (settings.target === "last") {
    const last = await bus
      .stream(Inbox)
      .last({ session: sessionToken(mainSessionKey) })
      .catch(() => undefined);
    return last?.data.replyTarget;
  }
  if (!settings.to) return undefined;
  return {
    channel: settings.target,
    accountId: settings.accountId ?? "default",
    peer: { kind: "dm", id: settings.to },
  };
}

/** The inbox input of one heartbeat of an agent at a slot (its id makes the slot's input land once). */
export function heartbeatInput(
  config: OpenClawConfig,
  agentId: string,
  slotMs: number,
  prompt: string,
  target: ReplyTarget | undefined,
): z.input<typeof inboxInputSchema> {
  return {
    id: `heartbeat:${agentId}:${slotMs}`,
    sessionKey: buildMainSessionKey(agentId, config.session.mainKey),
    agentId,
    text: prompt,
    source: "cron",
    trusted: true,
    receivedAt: Date.now(),
    cron: { jobId: `heartbeat-${agentId}`, kind: "heartbeat" },
    ...(target ? { replyTarget: target } : {}),
  };
}
