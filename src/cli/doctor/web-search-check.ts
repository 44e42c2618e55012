import { OpenClawConfigSchema, webSearchAvailability, type ClawEnv } from "@clawfleet/config";
import type { DoctorInput } from "./doctor-input.js";
import type { Finding } from "./finding.js";
import { setSecretFix } from "./platform-fix.js";

/** Whether agents are offered `web_search`, and what to set when they are not (never an error: search is optional). */
export function checkWebSearch(input: DoctorInput): Finding[] {
  if (!input.config.ok && !input.config.missing) return [];
  const config = input.config.ok ? input.config.config : OpenClawConfigSchema.parse({});
  // Only BRAVE_API_KEY matters here; the env was validated when the config loaded.
  const env: ClawEnv = input.env.BRAVE_API_KEY ? { BRAVE_API_KEY: input.env.BRAVE_API_KEY } : {};
  const state = webSearchAvailability(config, env);
  if (state.ready)
    return [
      { severity: "ok", check: "web search", message: "web_search is offered (Brave Search)" },
    ];
  const missingKey = /no Brave Search API key/.test(state.reason);
  return [
    {
      severity: missingKey ? "info" : "warn",
      check: "web search",
      message: `web_search is not offered: ${state.reason}`,
      ...(missingKey ? { fix: setSecretFix(input.env, "BRAVE_API_KEY=…") } : {}),
    },
  ];
}
