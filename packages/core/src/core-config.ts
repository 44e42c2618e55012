import type { ChannelAccessConfig, ChannelDefaultsConfig } from "./policy/channel-access-config.js";
import type { MentionConfig } from "./policy/mention.js";
import type { VoiceAccessConfig } from "./policy/voice-access.js";
import type { RoutingConfig } from "./routing/resolve-route.js";
import type { SessionConfig } from "./session/session-config.js";

/**
 * Every openclaw.json slice @clawfleet/core reads, declared structurally so the full config
 * the services hold is assignable to it without core depending on @clawfleet/config.
 */
export type CoreConfig = RoutingConfig &
  MentionConfig & {
    session?: SessionConfig;
    channels?: {
      defaults?: ChannelDefaultsConfig;
      discord?: ChannelAccessConfig;
      telegram?: ChannelAccessConfig;
    };
    plugins?: { entries?: { "voice-call"?: { config?: VoiceAccessConfig } } };
  };
