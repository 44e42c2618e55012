// @clawfleet/core — the pure domain shared by the services: no I/O, no clocks, no env.
export * from "./claw-error.js";
export * from "./errors.js";
export type * from "./core-config.js";

export * from "./message/inbound-message.js";
export * from "./message/reply-target.js";

export * from "./session/agent-id.js";
export * from "./session/session-key.js";
export * from "./session/parse-session-key.js";
export * from "./session/session-token.js";
export * from "./session/session-reset.js";
export type * from "./session/session-config.js";

export * from "./routing/resolve-agent.js";
export * from "./routing/resolve-route.js";

export * from "./policy/allow-from.js";
export * from "./policy/channel-access-config.js";
export * from "./policy/access-decision.js";
export * from "./policy/decide-access.js";
export * from "./policy/discord-access.js";
export * from "./policy/telegram-access.js";
export * from "./policy/voice-access.js";
export * from "./policy/mention.js";

export * from "./pairing/pairing-code.js";
export * from "./pairing/pairing-state.js";

export * from "./chunking/chunk-text.js";
export * from "./chunking/fence-spans.js";

export * from "./commands/chat-command.js";
export * from "./commands/no-reply.js";

export * from "./media/sniff-image-type.js";
