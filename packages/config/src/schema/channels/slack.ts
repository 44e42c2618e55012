import * as z from "zod";
import { PlatformIdListSchema } from "../ids.js";
import { DmPolicySchema, GroupPolicySchema } from "../policies.js";

/** One entry of `channels.slack.channels`, keyed by channel id (`C…`) or `"*"` for every channel. */
export const SlackChannelSchema = z.object({
  requireMention: z.boolean().optional().describe("default true: answer only when mentioned"),
  allowFrom: PlatformIdListSchema.optional().describe("user ids allowed in this channel"),
});

// Every field a Slack account may set; the top level adds defaults and `accounts`.
const slackFields = z.object({
  enabled: z.boolean(),
  botToken: z.string().min(1).describe("bot token (xoxb-…); SLACK_BOT_TOKEN is used when absent"),
  appToken: z
    .string()
    .min(1)
    .describe("app-level token (xapp-…) for Socket Mode; SLACK_APP_TOKEN is used when absent"),
  apiUrl: z.url().describe("Web API base (tests); SLACK_API_URL"),
  dmPolicy: DmPolicySchema,
  allowFrom: PlatformIdListSchema.describe("Slack user ids (`U…`) or `*`"),
  groupPolicy: GroupPolicySchema.describe("default: channels.defaults.groupPolicy"),
  groupAllowFrom: PlatformIdListSchema,
  channels: z.record(
    z.string().regex(/^(\*|[A-Z0-9]+)$/, 'expected a channel id or "*"'),
    SlackChannelSchema,
  ),
  textChunkLimit: z.number().int().min(1).max(40_000),
});

/** `channels.slack.accounts.<id>`: overrides of the top-level Slack fields for one Slack app. */
export const SlackAccountSchema = slackFields.partial();

/** `channels.slack`: a Slack app in Socket Mode (one, or several under `accounts`). */
export const SlackSchema = SlackAccountSchema.extend({
  enabled: z.boolean().default(true),
  dmPolicy: DmPolicySchema.default("pairing"),
  allowFrom: PlatformIdListSchema.default(() => []),
  groupAllowFrom: PlatformIdListSchema.default(() => []),
  textChunkLimit: slackFields.shape.textChunkLimit.default(4000),
  accounts: z.record(z.string().min(1), SlackAccountSchema).optional(),
});
