import { memorySearchMode, OpenClawConfigSchema, type ClawEnv } from "@clawfleet/config";
import type { DoctorInput } from "./doctor-input.js";
import type { Finding } from "./finding.js";
import { setSecretFix } from "./platform-fix.js";

const CHECK = "memory search";

/**
 * How `memory_search` ranks: by meaning (an embeddings provider configured), by keywords (none
 * configured: fine), or by keywords because the configured provider cannot run (a warning naming
 * what to set). The endpoint itself is not called.
 */
export function checkMemorySearch(input: DoctorInput): Finding[] {
  if (!input.config.ok && !input.config.missing) return [];
  const config = input.config.ok ? input.config.config : OpenClawConfigSchema.parse({});
  const env: ClawEnv = {
    ...(input.env.OPENAI_API_KEY ? { OPENAI_API_KEY: input.env.OPENAI_API_KEY } : {}),
    ...(input.env.OPENAI_BASE_URL ? { OPENAI_BASE_URL: input.env.OPENAI_BASE_URL } : {}),
  };
  const mode = memorySearchMode(config, env);
  switch (mode.kind) {
    case "off":
      return [
        {
          severity: "info",
          check: CHECK,
          message: "memory_search is off (memory.search.enabled is false)",
        },
      ];
    case "semantic":
      return [
        {
          severity: "ok",
          check: CHECK,
          message: `memory_search ranks by meaning (${mode.settings.provider} ${mode.settings.model}) blended with keywords`,
        },
      ];
    case "keyword": {
      if (/no embeddings provider/.test(mode.reason))
        return [
          {
            severity: "ok",
            check: CHECK,
            message:
              'memory_search ranks by keywords; set memory.search.provider "openai" (with OPENAI_API_KEY) to search by meaning',
          },
        ];
      const missingKey = /needs an API key/.test(mode.reason);
      return [
        {
          severity: "warn",
          check: CHECK,
          message: `memory_search ranks by keywords only: ${mode.reason}`,
          ...(missingKey ? { fix: setSecretFix(input.env, "OPENAI_API_KEY=…") } : {}),
        },
      ];
    }
  }
}
