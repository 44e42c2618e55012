import type { ClawEnv, OpenClawConfig } from "@clawfleet/config";

/** Wire protocols the agents speak. */
export const ProviderApi = {
  Anthropic: "anthropic-messages",
  OpenAi: "openai-completions",
} as const;
/** One of the wire protocols. */
export type ProviderApi = (typeof ProviderApi)[keyof typeof ProviderApi];

/** How to reach one provider. */
export interface ProviderSettings {
  id: string;
  api: ProviderApi;
  apiKey: string;
  /** Undefined = the SDK's default endpoint. */
  baseURL?: string;
}

interface BuiltIn {
  api: ProviderApi;
  keyVar: "ANTHROPIC_API_KEY" | "OPENAI_API_KEY" | "GOOGLE_API_KEY";
  baseUrlVar?: "ANTHROPIC_BASE_URL" | "OPENAI_BASE_URL";
  defaultBaseURL?: string;
}

/** Providers known without config; others come from `models.providers`. Google speaks its OpenAI-compatible API. */
const BUILT_IN: Readonly<Record<string, BuiltIn>> = {
  anthropic: {
    api: ProviderApi.Anthropic,
    keyVar: "ANTHROPIC_API_KEY",
    baseUrlVar: "ANTHROPIC_BASE_URL",
  },
  openai: { api: ProviderApi.OpenAi, keyVar: "OPENAI_API_KEY", baseUrlVar: "OPENAI_BASE_URL" },
  google: {
    api: ProviderApi.OpenAi,
    keyVar: "GOOGLE_API_KEY",
    defaultBaseURL: "https://generativelanguage.googleapis.com/v1beta/openai/",
  },
};

/** The providers a user can name without configuring them. */
export const BUILT_IN_PROVIDERS: readonly string[] = Object.keys(BUILT_IN);

/** A provider ready to call, or the sentence that tells the user what to set. */
export type ProviderResolution =
  { ok: true; settings: ProviderSettings } | { ok: false; error: string };

/**
 * Resolves a provider: built-ins take their key from the environment (preferred, as for every
 * secret) or `models.providers.<id>.apiKey`, and their base URL from `models.providers.<id>.baseUrl`
 * or the `*_BASE_URL` variable; other providers must be declared under `models.providers`.
 */
export function resolveProvider(
  config: OpenClawConfig,
  env: ClawEnv,
  providerId: string,
): ProviderResolution {
  const id = providerId.toLowerCase();
  const custom = config.models.providers[id];
  const builtIn = BUILT_IN[id];
  if (builtIn) {
    const apiKey = env[builtIn.keyVar] ?? custom?.apiKey;
    if (!apiKey) return { ok: false, error: `no API key for ${id}: set ${builtIn.keyVar}` };
    const baseURL =
      custom?.baseUrl ??
      (builtIn.baseUrlVar ? env[builtIn.baseUrlVar] : undefined) ??
      builtIn.defaultBaseURL;
    return { ok: true, settings: { id, api: custom?.api ?? builtIn.api, apiKey, baseURL } };
  }
  if (!custom) {
    return {
      ok: false,
      error: `unknown model provider "${id}": use ${BUILT_IN_PROVIDERS.join(", ")} or declare it under models.providers.${id}`,
    };
  }
  if (!custom.baseUrl) return { ok: false, error: `models.providers.${id} needs a baseUrl` };
  if (!custom.apiKey)
    return {
      ok: false,
      error: `no API key for ${id}: set models.providers.${id}.apiKey (e.g. "\${MY_KEY}")`,
    };
  return {
    ok: true,
    settings: {
      id,
      api: custom.api ?? ProviderApi.OpenAi,
      apiKey: custom.apiKey,
      baseURL: custom.baseUrl,
    },
  };
}
