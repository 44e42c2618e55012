// Public API of @clawfleet/config: openclaw.json schema, loader, report, env table and editing helpers.
export {
  ConfigError,
  ConfigErrorCode,
  ConfigInvalidError,
  ConfigWriteError,
  ConfigTooLargeError,
  EnvInvalidError,
} from "./errors.js";

export type { ConfigIssue, PathSegment } from "./issues/config-issue.js";
export { displayConfigPath, formatConfigPath, parseConfigPath } from "./issues/config-issue.js";

export { OpenClawConfigSchema } from "./schema/openclaw-config.js";
export type { OpenClawConfig, OpenClawConfigInput } from "./schema/openclaw-config.js";
export type * from "./schema/section-types.js";
export { configJsonSchema } from "./schema/json-schema.js";
export { DmPolicy, GroupPolicy } from "./schema/policies.js";
export {
  DEFAULT_GATEWAY_PORT,
  GatewayAuthMode,
  GatewayBind,
  GatewayMode,
  isAddressOrCidr,
  ReloadMode,
} from "./schema/gateway.js";
export { HumanDelayMode, ThinkingLevel, TypingMode } from "./schema/agents.js";
export type { ModelSelection } from "./schema/model-selection.js";
export { AuthProfileMode } from "./schema/auth.js";
export { ProviderApi } from "./schema/models.js";
export { DEFAULT_MODEL_PRICES, modelPrice, usageCost } from "./pricing/model-prices.js";
export type { ModelPrice, PricedUsage } from "./pricing/model-prices.js";
export { acceptsImages, modelInput } from "./models/model-input.js";
export type { ModelInput } from "./models/model-input.js";
export { PeerKind } from "./schema/bindings.js";
export { DmScope, ResetMode } from "./schema/session.js";
export { QueueMode } from "./schema/messages.js";
export { DISCORD_TEXT_LIMIT } from "./schema/channels/discord.js";
export { TELEGRAM_TEXT_LIMIT } from "./schema/channels/telegram.js";
export { WHATSAPP_TEXT_LIMIT } from "./schema/channels/whatsapp.js";
export { SIGNAL_TEXT_LIMIT } from "./schema/channels/signal.js";
export { InboundPolicy, TunnelProvider, VoiceProvider } from "./schema/plugins/voice-call.js";
export { ConsoleStyle, LogLevel } from "./schema/logging.js";
export { SUPPORTED_WEB_SEARCH_PROVIDERS, WebSearchProvider } from "./schema/tools/web-search.js";
export { BRAVE_DEFAULT_BASE_URL } from "./schema/plugins/brave.js";
export {
  ENABLE_WEB_SEARCH_HINT,
  webSearchAvailability,
} from "./web-search/web-search-availability.js";
export type {
  BraveSearchSettings,
  WebSearchAvailability,
} from "./web-search/web-search-availability.js";

export type {
  ConfigLoadFailure,
  ConfigLoadResult,
  ConfigLoadSuccess,
} from "./load/config-result.js";
export { parseConfigText } from "./load/parse-config-text.js";
export { parseJson5 } from "./load/parse-json5.js";
export type { Json5ParseResult } from "./load/parse-json5.js";
export type { ParseConfigTextOptions } from "./load/parse-config-text.js";
export { loadConfigFile } from "./load/load-config-file.js";
export { CONFIG_FILE_NAME, resolveConfigPath, resolveStateDir } from "./load/config-location.js";
export { INCLUDE_KEY, MAX_INCLUDE_DEPTH } from "./load/resolve-includes.js";
export type { ReadConfigFile } from "./load/resolve-includes.js";
export type { EnvRecord } from "./load/substitute-env.js";
export { configHash } from "./load/config-hash.js";
export { openPolicies } from "./load/open-policies.js";
export type { OpenPolicy } from "./load/open-policies.js";
export { SHARED_DM_SESSION_WARNING } from "./load/semantic-warnings.js";

export {
  formatConfigReport,
  formatIssueLine,
  formatIssueLines,
  MAX_LISTED_ISSUES,
  formatWarningLine,
} from "./report/format-config-report.js";
export { getConfigValue } from "./report/get-config-value.js";
export type { ConfigValueLookup } from "./report/get-config-value.js";
export {
  configGetCommand,
  configSchemaCommand,
  validateConfigFile,
} from "./report/config-commands.js";
export type { CommandOutput } from "./report/config-commands.js";

export { CLAW_ENV_VARS, readClawEnv } from "./env/claw-env.js";
export { LOCAL_NATS_URL, natsServersFor } from "./env/nats-servers.js";
export type { ClawEnv, ClawEnvVar, EnvVarSpec } from "./env/claw-env.js";

export { applyMergePatch } from "./edit/apply-merge-patch.js";
export { writeConfigFileAtomic } from "./edit/write-config-file-atomic.js";
export { CONFIG_DOCS_URL, minimalConfigText } from "./edit/minimal-config-text.js";

export { DEFAULT_ACCOUNT_ID, resolveChannelAccounts } from "./accounts/resolve-channel-accounts.js";
export type { ResolvedChannelAccount } from "./accounts/resolve-channel-accounts.js";

export { ConfigStore } from "./distribution/config-store.js";
export { CONFIG_KEY, configSnapshotSchema } from "./distribution/config-snapshot.js";
export type { ConfigSnapshot } from "./distribution/config-snapshot.js";
export { LiveConfig, reportUnresolved } from "./distribution/live-config.js";
export type { ConfigChange } from "./distribution/live-config.js";
export { defaultConfig, validateParsedConfig } from "./distribution/validate-parsed-config.js";
export { resolveDistributedConfig } from "./distribution/resolve-distributed-config.js";
export type { ResolvedConfig } from "./distribution/resolve-distributed-config.js";
export {
  DEFAULT_EMBEDDING_MODEL,
  memorySearchMode,
  type EmbeddingSettings,
  type MemorySearchMode,
} from "./memory/memory-search-settings.js";
export type { MemorySearchConfig } from "./schema/memory.js";
