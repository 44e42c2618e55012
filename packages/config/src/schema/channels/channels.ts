import * as z from "zod";
import { GroupPolicySchema } from "../policies.js";
import { DiscordSchema } from "./discord.js";
import { SignalSchema } from "./signal.js";
import { SlackSchema } from "./slack.js";
import { TelegramSchema } from "./telegram.js";
import { WhatsAppSchema } from "./whatsapp.js";

/** `channels`: chat platforms; a platform is configured when its key is present. */
export const ChannelsSchema = z.object({
  defaults: z.object({ groupPolicy: GroupPolicySchema.default("allowlist") }).prefault({}),
  discord: DiscordSchema.optional(),
  signal: SignalSchema.optional(),
  slack: SlackSchema.optional(),
  telegram: TelegramSchema.optional(),
  whatsapp: WhatsAppSchema.optional(),
});
