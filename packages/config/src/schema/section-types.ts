import type { OpenClawConfig } from "./openclaw-config.js";

/** Parsed `gateway` section. */
export type GatewayConfig = OpenClawConfig["gateway"];
/** Parsed `agents` section. */
export type AgentsConfig = OpenClawConfig["agents"];
/** Parsed `agents.defaults`. */
export type AgentDefaultsConfig = AgentsConfig["defaults"];
/** One parsed entry of `agents.list`. */
export type AgentConfig = AgentsConfig["list"][number];
/** Parsed `auth` section. */
export type AuthConfig = OpenClawConfig["auth"];
/** Parsed `models` section. */
export type ModelsConfig = OpenClawConfig["models"];
/** One parsed entry of `bindings`. */
export type BindingConfig = OpenClawConfig["bindings"][number];
/** Parsed `session` section. */
export type SessionConfig = OpenClawConfig["session"];
/** Parsed `messages` section. */
export type MessagesConfig = OpenClawConfig["messages"];
/** Parsed `channels` section. */
export type ChannelsConfig = OpenClawConfig["channels"];
/** Parsed `channels.discord`. */
export type DiscordConfig = NonNullable<ChannelsConfig["discord"]>;
/** One parsed entry of `channels.discord.accounts`. */
export type DiscordAccountConfig = NonNullable<DiscordConfig["accounts"]>[string];
/** Parsed `channels.telegram`. */
export type TelegramConfig = NonNullable<ChannelsConfig["telegram"]>;
/** One parsed entry of `channels.telegram.accounts`. */
export type TelegramAccountConfig = NonNullable<TelegramConfig["accounts"]>[string];
/** Parsed `plugins.entries.voice-call`. */
export type VoiceCallEntryConfig = NonNullable<OpenClawConfig["plugins"]["entries"]["voice-call"]>;
/** Parsed `plugins.entries.voice-call.config`. */
export type VoiceCallConfig = VoiceCallEntryConfig["config"];
/** Parsed `tools.web.search`. */
export type WebSearchConfig = OpenClawConfig["tools"]["web"]["search"];
/** Parsed `plugins.entries.brave`. */
export type BraveEntryConfig = NonNullable<OpenClawConfig["plugins"]["entries"]["brave"]>;
/** Parsed `logging` section. */
export type LoggingConfig = OpenClawConfig["logging"];
