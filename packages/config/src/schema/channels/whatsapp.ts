import * as z from "zod";
import { PlatformIdListSchema } from "../ids.js";
import { DmPolicySchema, GroupPolicySchema } from "../policies.js";

/** Characters per WhatsApp text clawfleet sends by default (WhatsApp itself allows ~65,000). */
export const WHATSAPP_TEXT_LIMIT = 4000;

/** One entry of `channels.whatsapp.groups`, keyed by group JID (`…@g.us`) or `"*"` for every group. */
export const WhatsAppGroupSchema = z.object({
  requireMention: z.boolean().optional().describe("default true: answer only when mentioned"),
  allowFrom: PlatformIdListSchema.optional().describe("E.164 numbers allowed in this group"),
});

// Every field a WhatsApp account may set; the top level adds defaults and `accounts`.
const whatsappFields = z.object({
  enabled: z.boolean(),
  dmPolicy: DmPolicySchema,
  allowFrom: PlatformIdListSchema.describe("E.164 phone numbers (`+15550100000`) or `*`"),
  groupPolicy: GroupPolicySchema.describe("default: channels.defaults.groupPolicy"),
  groupAllowFrom: PlatformIdListSchema,
  groups: z.record(
    z.string().regex(/^(\*|[0-9-]+@g\.us)$/, 'expected a group JID (…@g.us) or "*"'),
    WhatsAppGroupSchema,
  ),
  textChunkLimit: z.number().int().min(1).max(60_000),
  mediaMaxMb: z
    .number()
    .min(1)
    .max(100)
    .describe(
      "largest inbound media downloaded, in MB (images are further limited by agents.defaults.mediaMaxMb and 6 MB)",
    ),
  sendReadReceipts: z.boolean().describe("mark answered messages read (blue ticks); default true"),
});

/** `channels.whatsapp.accounts.<id>`: overrides of the top-level WhatsApp fields for one linked number. */
export const WhatsAppAccountSchema = whatsappFields.partial();

/** `channels.whatsapp`: WhatsApp Web (Baileys), one linked number or several under `accounts`. */
export const WhatsAppSchema = WhatsAppAccountSchema.extend({
  enabled: z.boolean().default(true),
  dmPolicy: DmPolicySchema.default("pairing"),
  allowFrom: PlatformIdListSchema.default(() => []),
  groupAllowFrom: PlatformIdListSchema.default(() => []),
  textChunkLimit: whatsappFields.shape.textChunkLimit.default(WHATSAPP_TEXT_LIMIT),
  mediaMaxMb: whatsappFields.shape.mediaMaxMb.default(50),
  sendReadReceipts: z.boolean().default(true),
  accounts: z.record(z.string().min(1), WhatsAppAccountSchema).optional(),
});
