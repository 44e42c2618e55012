import type { ClawEnv, OpenClawConfig } from "@clawfleet/config";
import { DEFAULT_MODEL } from "./agent-settings.js";
import { parseModelRef } from "./model-ref.js";
import { resolveProvider } from "./provider-settings.js";

/** A model the config mentions, and whether its provider can be called. */
export interface ConfiguredModel {
  id: string;
  provider: string;
  name?: string;
  alias?: string;
  available: boolean;
  reason?: string;
}

/**
 * Every model the config names — primary and fallbacks (defaults and agents), `agents.defaults.models`
 * entries and the models of `models.providers` — once each, with availability (key and provider present).
 */
export function listConfiguredModels(config: OpenClawConfig, env: ClawEnv): ConfiguredModel[] {
  const defaults = config.agents.defaults;
  const names = new Map<string, string | undefined>();
  const add = (text: string | undefined, name?: string) => {
    const ref = text ? parseModelRef(text) : undefined;
    if (ref && !names.has(ref.ref)) names.set(ref.ref, name);
  };
  add(defaults.model?.primary ?? DEFAULT_MODEL);
  defaults.model?.fallbacks?.forEach((m) => add(m));
  for (const agent of config.agents.list) {
    add(agent.model?.primary);
    agent.model?.fallbacks?.forEach((m) => add(m));
  }
  Object.keys(defaults.models ?? {}).forEach((m) => add(m));
  for (const [provider, entry] of Object.entries(config.models.providers))
    entry.models.forEach((m) => add(`${provider}/${m.id}`, m.name));
  return [...names.entries()].map(([id, name]) => {
    const ref = parseModelRef(id)!;
    const provider = resolveProvider(config, env, ref.provider);
    const alias = defaults.models?.[id]?.alias;
    return {
      id,
      provider: ref.provider,
      ...(name ? { name } : {}),
      ...(alias ? { alias } : {}),
      available: provider.ok,
      ...(provider.ok ? {} : { reason: provider.error }),
    };
  });
}
