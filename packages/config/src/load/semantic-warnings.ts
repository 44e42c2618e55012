import type { ConfigIssue } from "../issues/config-issue.js";
import { configIssue } from "../issues/config-issue.js";
import type { OpenClawConfig } from "../schema/openclaw-config.js";
import { SUPPORTED_WEB_SEARCH_PROVIDERS } from "../schema/tools/web-search.js";
import { openPolicies } from "./open-policies.js";

/** The warning for open DMs that all land in one shared session. */
export const SHARED_DM_SESSION_WARNING =
  'DMs are open to anyone and session.dmScope is "main": different people\'s DMs share one conversation (each sees what the others said); set session.dmScope to "per-channel-peer"';

/** Warnings about values that are valid one by one but probably not what the user meant together. */
export function semanticWarnings(config: OpenClawConfig): ConfigIssue[] {
  const warnings: ConfigIssue[] = [];
  const ids = new Set(config.agents.list.map((agent) => agent.id));
  if (ids.size === 0) ids.add("main");
  config.bindings.forEach((binding, index) => {
    if (!ids.has(binding.agentId)) {
      warnings.push(
        configIssue(
          ["bindings", index, "agentId"],
          `no agent "${binding.agentId}" in agents.list; its messages go to the default agent`,
        ),
      );
    }
  });
  const defaults = config.agents.list.filter((agent) => agent.default === true);
  if (defaults.length > 1) {
    warnings.push(
      configIssue(
        ["agents", "list"],
        `${defaults.length} agents are marked default; the first ("${defaults[0]?.id ?? ""}") is used`,
      ),
    );
  }
  if (config.session.dmScope === "main")
    for (const open of openPolicies(config, "dmPolicy"))
      warnings.push(configIssue(open.path, SHARED_DM_SESSION_WARNING));
  warnings.push(...webSearchWarnings(config));
  return warnings;
}

/** OpenClaw web-search settings clawfleet accepts but cannot run: web_search is then not offered. */
function webSearchWarnings(config: OpenClawConfig): ConfigIssue[] {
  const warnings: ConfigIssue[] = [];
  const provider = config.tools.web.search.provider;
  if (provider && !SUPPORTED_WEB_SEARCH_PROVIDERS.includes(provider))
    warnings.push(
      configIssue(
        ["tools", "web", "search", "provider"],
        `"${provider}" is not supported by clawfleet (only "brave"): web_search is not offered`,
      ),
    );
  if (config.plugins.entries.brave?.config.webSearch.mode === "llm-context")
    warnings.push(
      configIssue(
        ["plugins", "entries", "brave", "config", "webSearch", "mode"],
        '"llm-context" is not supported by clawfleet (only "web"): web_search is not offered',
      ),
    );
  return warnings;
}
