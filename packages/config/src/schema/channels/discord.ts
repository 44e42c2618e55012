import * as z from "zod";
import { PlatformIdListSchema } from "../ids.js";
import { DmPolicySchema, GroupPolicySchema } from "../policies.js";

/** Discord's hard limit on characters per message, also the default chunk size. */
export const DISCORD_TEXT_LIMIT = 2000;

/** One guild channel entry (keyed by channel name or id); allowed when `allow ?? enabled ?? true`. */
export const DiscordGuildChannelSchema = z.object({
  allow: z.boolean().optional(),
  enabled: z.boolean().optional().describe("same as allow (older spelling)"),
  requireMention: z.boolean().optional(),
});

/** One guild entry of `channels.discord.guilds` (keyed by guild id). */
export const DiscordGuildSchema = z.object({
  requireMention: z.boolean().optional().describe("default true: answer only when mentioned"),
  users: PlatformIdListSchema.optional().describe(
    "user ids allowed to talk to the bot in this guild",
  ),
  channels: z
    .record(z.string().min(1), DiscordGuildChannelSchema)
    .optional()
    .describe("channel name or id → settings"),
});

// Every field a Discord account may set; the top level adds defaults and `accounts`.
const discordFields = z.object({
  enabled: z.boolean(),
  token: z.string().min(1).describe("bot token; DISCORD_BOT_TOKEN is used when absent"),
  apiBase: z.url().describe("REST base URL (tests, proxies); DISCORD_API_BASE"),
  dmPolicy: DmPolicySchema,
  allowFrom: PlatformIdListSchema,
  groupPolicy: GroupPolicySchema.describe("default: channels.defaults.groupPolicy"),
  guilds: z.record(z.string().min(1), DiscordGuildSchema),
  textChunkLimit: z.number().int().min(1).max(DISCORD_TEXT_LIMIT),
});

/** `channels.discord.accounts.<id>`: overrides of the top-level Discord fields for one bot account. */
export const DiscordAccountSchema = discordFields.partial();

/** `channels.discord`: the Discord bot (one account, or several under `accounts`). */
export const DiscordSchema = DiscordAccountSchema.extend({
  enabled: z.boolean().default(true),
  dmPolicy: DmPolicySchema.default("pairing"),
  allowFrom: PlatformIdListSchema.default(() => []),
  textChunkLimit: discordFields.shape.textChunkLimit.default(DISCORD_TEXT_LIMIT),
  accounts: z.record(z.string().min(1), DiscordAccountSchema).optional(),
});
