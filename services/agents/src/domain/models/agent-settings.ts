import type { OpenClawConfig } from "@clawfleet/config";
import { normalizeAgentId } from "@clawfleet/core";
import { resolveModelRef, type ModelRef } from "./model-ref.js";

/** The model used when neither the agent nor `agents.defaults.model` names one (the seed's primary). */
export const DEFAULT_MODEL = "anthropic/claude-opus-4-5";

/** Everything a turn reads from the config for one agent, resolved at the start of the turn. */
export interface AgentSettings {
  agentId: string;
  /** Display name: `identity.name`, else `name`, else the id. */
  name: string;
  primary: string;
  fallbacks: string[];
  tools: { allow?: readonly string[]; deny?: readonly string[] };
  systemPrompt?: string;
  /** Caps on workspace text in the system prompt (`bootstrapMaxChars`, `bootstrapTotalMaxChars`). */
  bootstrapMaxChars?: number;
  bootstrapTotalMaxChars?: number;
  timeoutMs: number;
  contextTokens?: number;
  maxConcurrent: number;
  typing: boolean;
  queueMode: "collect" | "followup";
  queueCap: number;
  responsePrefix?: string;
}

/** How inputs are batched into turns (`messages.queue`, the same for every agent). */
export function queueSettings(
  config: OpenClawConfig,
): Pick<AgentSettings, "queueMode" | "queueCap"> {
  const mode = config.messages.queue.mode;
  return {
    // steer and interrupt are accepted by the schema; they run as collect here (see README).
    queueMode: mode === "followup" ? "followup" : "collect",
    queueCap: config.messages.queue.cap,
  };
}

/** Resolves an agent's settings: its `agents.list` entry layered over `agents.defaults`. */
export function resolveAgentSettings(config: OpenClawConfig, agentId: string): AgentSettings {
  const id = normalizeAgentId(agentId);
  const defaults = config.agents.defaults;
  const entry = config.agents.list.find((agent) => normalizeAgentId(agent.id) === id);
  return {
    agentId: id,
    name: entry?.identity?.name ?? entry?.name ?? id,
    primary: entry?.model?.primary ?? defaults.model?.primary ?? DEFAULT_MODEL,
    fallbacks: [...(entry?.model?.fallbacks ?? defaults.model?.fallbacks ?? [])],
    tools: { allow: entry?.tools?.allow, deny: entry?.tools?.deny },
    systemPrompt: defaults.systemPrompt,
    bootstrapMaxChars: defaults.bootstrapMaxChars,
    bootstrapTotalMaxChars: defaults.bootstrapTotalMaxChars,
    timeoutMs: defaults.timeoutSeconds * 1000,
    contextTokens: defaults.contextTokens,
    maxConcurrent: defaults.maxConcurrent,
    typing: defaults.typingMode !== "never",
    ...queueSettings(config),
    responsePrefix: config.messages.responsePrefix,
  };
}

/**
 * The models a turn tries, in order: the session's override (from `/model`) or the primary, then
 * the fallbacks; aliases resolved, duplicates and unparseable entries dropped (reported in `invalid`).
 */
export function modelCandidates(
  config: OpenClawConfig,
  settings: AgentSettings,
  override?: string,
): { refs: ModelRef[]; invalid: string[] } {
  const aliases = config.agents.defaults.models;
  const refs: ModelRef[] = [];
  const invalid: string[] = [];
  for (const text of [override ?? settings.primary, ...settings.fallbacks]) {
    const ref = resolveModelRef(text, aliases);
    if (!ref) invalid.push(text);
    else if (!refs.some((r) => r.ref === ref.ref)) refs.push(ref);
  }
  return { refs, invalid };
}
