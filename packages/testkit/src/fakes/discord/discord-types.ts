// The subset of Discord's API v10 object model the fake produces (field names as on the wire).

/** A Discord user (or bot user). */
export interface DiscordUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  flags?: number;
}

/** Channel types the fake knows, as on the wire. */
export const DiscordChannelType = {
  GuildText: 0,
  DM: 1,
  GuildCategory: 4,
  PublicThread: 11,
  PrivateThread: 12,
} as const;

/** A channel type number. */
export type DiscordChannelTypeValue = (typeof DiscordChannelType)[keyof typeof DiscordChannelType];

/** A guild channel, thread or DM channel. */
export interface DiscordChannel {
  id: string;
  type: DiscordChannelTypeValue;
  guild_id?: string;
  name?: string;
  parent_id?: string | null;
  position?: number;
  recipients?: DiscordUser[];
  last_message_id: string | null;
  [field: string]: unknown;
}

/** A message object. */
export interface DiscordMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: DiscordUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: DiscordUser[];
  mention_roles: string[];
  attachments: unknown[];
  embeds: unknown[];
  pinned: boolean;
  type: number;
  flags: number;
  components: unknown[];
  nonce?: string | number;
  message_reference?: { type: number; message_id: string; channel_id: string; guild_id?: string };
  referenced_message?: DiscordMessage | null;
  [field: string]: unknown;
}

/** A gateway frame. */
export interface GatewayPayload {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

/** Gateway intents the fake honours. */
export const GatewayIntent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

/** Intents that an application must have enabled (else close 4014). */
export const PrivilegedIntents =
  GatewayIntent.GuildMembers | GatewayIntent.GuildPresences | GatewayIntent.MessageContent;

/** A REST failure with Discord's JSON error body; the REST layer answers with it. */
export class DiscordApiError extends Error {
  readonly status: number;
  readonly body: { message: string; code: number; errors?: unknown };

  constructor(status: number, code: number, message: string, errors?: unknown) {
    super(message);
    this.name = "DiscordApiError";
    this.status = status;
    this.body = { message, code, ...(errors !== undefined ? { errors } : {}) };
  }
}
