import * as z from "zod";
import { PlatformIdListSchema } from "../ids.js";
import { DmPolicySchema, GroupPolicySchema } from "../policies.js";

/** Telegram's hard limit on characters per message. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** One entry of `channels.telegram.groups`, keyed by chat id or `"*"` for every group. */
export const TelegramGroupSchema = z.object({
  requireMention: z.boolean().optional().describe("default true: answer only when mentioned"),
  allowFrom: PlatformIdListSchema.optional(),
});

// Every field a Telegram account may set; the top level adds defaults and `accounts`.
const telegramFields = z.object({
  enabled: z.boolean(),
  botToken: z.string().min(1).describe("bot token; TELEGRAM_BOT_TOKEN is used when absent"),
  apiRoot: z.url().describe("Bot API root (tests, local Bot API server); TELEGRAM_API_ROOT"),
  dmPolicy: DmPolicySchema,
  allowFrom: PlatformIdListSchema,
  groupPolicy: GroupPolicySchema.describe("default: channels.defaults.groupPolicy"),
  groupAllowFrom: PlatformIdListSchema,
  groups: z.record(
    z.string().regex(/^(\*|-?\d+)$/, 'expected a chat id or "*"'),
    TelegramGroupSchema,
  ),
  textChunkLimit: z.number().int().min(1).max(TELEGRAM_TEXT_LIMIT),
  webhookUrl: z.url().describe("public URL Telegram posts updates to; absent = long polling"),
  webhookSecret: z.string().min(1),
  webhookPath: z.string().regex(/^\//, "must start with /"),
});

/** `channels.telegram.accounts.<id>`: overrides of the top-level Telegram fields for one bot account. */
export const TelegramAccountSchema = telegramFields.partial();

/** `channels.telegram`: the Telegram bot (one account, or several under `accounts`). */
export const TelegramSchema = TelegramAccountSchema.extend({
  enabled: z.boolean().default(true),
  dmPolicy: DmPolicySchema.default("pairing"),
  allowFrom: PlatformIdListSchema.default(() => []),
  groupAllowFrom: PlatformIdListSchema.default(() => []),
  textChunkLimit: telegramFields.shape.textChunkLimit.default(4000),
  webhookPath: telegramFields.shape.webhookPath.default("/telegram-webhook"),
  accounts: z.record(z.string().min(1), TelegramAccountSchema).optional(),
});
