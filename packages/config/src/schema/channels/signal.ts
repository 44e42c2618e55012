import * as z from "zod";
import { PlatformIdListSchema } from "../ids.js";
import { DmPolicySchema, GroupPolicySchema } from "../policies.js";

/** Characters per Signal text clawfleet sends by default (as OpenClaw). */
export const SIGNAL_TEXT_LIMIT = 4000;

/** One entry of `channels.signal.groups`, keyed by group id (base64, as signal-cli prints it) or `"*"`. */
export const SignalGroupSchema = z.object({
  requireMention: z.boolean().optional().describe("default true: answer only when mentioned"),
  allowFrom: PlatformIdListSchema.optional().describe("E.164 numbers or uuid:<id> allowed here"),
});

// Every field a Signal account may set; the top level adds defaults and `accounts`.
const signalFields = z.object({
  enabled: z.boolean(),
  account: z
    .string()
    .regex(/^\+[1-9]\d{5,14}$/, "expected the bot's number in E.164, e.g. +15551234567")
    .describe("the bot's Signal number (E.164), linked or registered in signal-cli"),
  httpUrl: z
    .url()
    .describe(
      "signal-cli daemon (`daemon --http`); default SIGNAL_CLI_URL or http://127.0.0.1:8080",
    ),
  cliPath: z
    .string()
    .min(1)
    .describe("OpenClaw spawns signal-cli itself; clawfleet runs it as its own process group"),
  autoStart: z
    .boolean()
    .describe("OpenClaw's auto-spawn; clawfleet supports only false (the daemon is its own group)"),
  dmPolicy: DmPolicySchema,
  allowFrom: PlatformIdListSchema.describe("E.164 numbers (`+15550100000`), `uuid:<id>` or `*`"),
  groupPolicy: GroupPolicySchema.describe("default: channels.defaults.groupPolicy"),
  groupAllowFrom: PlatformIdListSchema,
  groups: z.record(
    z.string().regex(/^(\*|[A-Za-z0-9+/=_-]{8,128})$/, 'expected a group id (base64) or "*"'),
    SignalGroupSchema,
  ),
  textChunkLimit: z.number().int().min(1).max(60_000),
});

/** `channels.signal.accounts.<id>`: overrides of the top-level Signal fields for one number. */
export const SignalAccountSchema = signalFields.partial();

/** `channels.signal`: Signal through a signal-cli daemon (one number, or several under `accounts`). */
export const SignalSchema = SignalAccountSchema.extend({
  enabled: z.boolean().default(true),
  dmPolicy: DmPolicySchema.default("pairing"),
  allowFrom: PlatformIdListSchema.default(() => []),
  groupAllowFrom: PlatformIdListSchema.default(() => []),
  textChunkLimit: signalFields.shape.textChunkLimit.default(SIGNAL_TEXT_LIMIT),
  accounts: z.record(z.string().min(1), SignalAccountSchema).optional(),
});
