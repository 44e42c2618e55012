import type { ClawEnv, OpenClawConfig } from "@clawfleet/config";
import { resolveAgentSettings } from "../domain/models/agent-settings.js";
import { resolveModelRef } from "../domain/models/model-ref.js";
import { resolveProvider } from "../domain/models/provider-settings.js";

/**
 * The warning a person sees at startup when the default agent's primary model cannot be called
 * (its API key is not set, or its provider is not configured), naming what to set; undefined when
 * it can be called.
 */
export function defaultModelWarning(config: OpenClawConfig, env: ClawEnv): string | undefined {
  const { primary } = resolveAgentSettings(config, "main");
  const ref = resolveModelRef(primary, config.agents.defaults.models);
  if (!ref)
    return `the default model "${primary}" is not "provider/model": set agents.defaults.model.primary`;
  const provider = resolveProvider(config, env, ref.provider);
  if (provider.ok) return undefined;
  return `the default model ${primary} cannot answer: ${provider.error} (chats fail until then; \`clawfleet doctor\` re-checks)`;
}
