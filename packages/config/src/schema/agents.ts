import * as z from "zod";
import { MemorySearchSchema } from "./memory.js";
import { ModelRefSchema, ModelSelectionSchema } from "./model-selection.js";

/** `thinkingDefault`: the reasoning effort used when a message does not ask for one. */
export const ThinkingLevel = {
  Off: "off",
  Minimal: "minimal",
  Low: "low",
  Medium: "medium",
  High: "high",
  XHigh: "xhigh",
} as const;
/** One of {@link ThinkingLevel}. */
export type ThinkingLevel = (typeof ThinkingLevel)[keyof typeof ThinkingLevel];

/** `typingMode`: when the "typing…" indicator is shown. */
export const TypingMode = {
  Never: "never",
  Instant: "instant",
  Thinking: "thinking",
  Message: "message",
} as const;
/** One of {@link TypingMode}. */
export type TypingMode = (typeof TypingMode)[keyof typeof TypingMode];

/** `humanDelay.mode`: pause between reply chunks, none / natural / custom range. */
export const HumanDelayMode = { Off: "off", Natural: "natural", Custom: "custom" } as const;
/** One of {@link HumanDelayMode}. */
export type HumanDelayMode = (typeof HumanDelayMode)[keyof typeof HumanDelayMode];

/** `agents.defaults`: settings every agent inherits. */
export const AgentDefaultsSchema = z.object({
  model: ModelSelectionSchema.optional().describe(
    'primary "provider/model" and fallbacks tried in order',
  ),
  models: z
    .record(
      ModelRefSchema,
      z.object({
        alias: z.string().min(1).optional(),
        params: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional()
    .describe("per-model alias (for /model) and provider params"),
  maxConcurrent: z
    .number()
    .int()
    .min(1)
    .default(4)
    .describe("turns run at the same time per worker"),
  timeoutSeconds: z.number().int().min(1).default(600),
  mediaMaxMb: z
    .number()
    .positive()
    .max(1000)
    .optional()
    .describe(
      "largest attachment a chat message may carry, in MB (default 20; images — also those a reply attaches with MEDIA: lines and those received on Telegram, Discord, Slack and WhatsApp — are further limited to 6 MB)",
    ),
  contextTokens: z.number().int().min(1).optional(),
  thinkingDefault: z.enum(ThinkingLevel).optional(),
  systemPrompt: z.string().optional(),
  bootstrapMaxChars: z
    .number()
    .int()
    .min(100)
    .optional()
    .describe("characters of each workspace file put in the system prompt (default 20000)"),
  bootstrapTotalMaxChars: z
    .number()
    .int()
    .min(100)
    .optional()
    .describe("characters of all workspace files together in the system prompt (default 150000)"),
  heartbeat: z
    .object({
      every: z
        .string()
        .regex(/^\d+(ms|s|m|h)$/, 'a duration like "30m", "1h" or "45s" ("0m" turns it off)')
        .default("30m")
        .describe("how often the heartbeat runs when HEARTBEAT.md has content"),
      target: z
        .string()
        .default("last")
        .describe(
          'where a heartbeat reply goes: "last" (the main session\'s last chat), "none", or a channel with `to`',
        ),
      to: z.string().optional(),
      accountId: z.string().optional(),
      prompt: z.string().optional(),
      ackMaxChars: z
        .number()
        .int()
        .min(0)
        .default(300)
        .describe(
          "a reply of HEARTBEAT_OK with at most this many other characters is not delivered",
        ),
    })
    .optional(),
  compaction: z
    .object({
      enabled: z
        .boolean()
        .default(true)
        .describe(
          "compact when the context nears the window (overflow recovery and /compact work either way)",
        ),
      keepRecentTokens: z
        .number()
        .int()
        .min(0)
        .default(20_000)
        .describe("tokens of the most recent turns kept word for word after a compaction"),
      reserveTokens: z
        .number()
        .int()
        .min(0)
        .default(16_384)
        .describe("compaction starts when fewer than this many tokens of the window are left"),
      memoryFlush: z
        .object({ enabled: z.boolean().default(true) })
        .optional()
        .describe("a silent turn asking the agent to write durable notes to memory first"),
    })
    .optional(),
  memorySearch: MemorySearchSchema.optional().describe(
    "legacy place of memory.search (read when memory.search is absent)",
  ),
  typingMode: z.enum(TypingMode).optional(),
  humanDelay: z
    .object({
      mode: z.enum(HumanDelayMode).default("off"),
      minMs: z.number().int().min(0).optional(),
      maxMs: z.number().int().min(0).optional(),
    })
    .optional(),
});

/** Agent ids appear inside session keys (`agent:<id>:main`), so they are limited to a safe alphabet. */
export const AgentIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
    "letters, digits, _ and - only (max 64), starting with a letter or digit",
  );

/** One entry of `agents.list`. */
export const AgentSchema = z.object({
  id: AgentIdSchema,
  default: z.boolean().optional().describe("receives messages no binding matches"),
  name: z.string().optional(),
  model: ModelSelectionSchema.optional(),
  identity: z
    .object({
      name: z.string().optional(),
      emoji: z.string().optional(),
      avatar: z.string().optional(),
    })
    .optional(),
  groupChat: z.object({ mentionPatterns: z.array(z.string()).optional() }).optional(),
  tools: z
    .object({ allow: z.array(z.string()).optional(), deny: z.array(z.string()).optional() })
    .optional(),
});

/** `agents`: defaults plus the list of agents (empty list = one implicit agent `main`). */
export const AgentsSchema = z.object({
  defaults: AgentDefaultsSchema.prefault({}),
  list: z
    .array(AgentSchema)
    .default(() => [])
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((agent, index) => {
        if (seen.has(agent.id))
          ctx.addIssue({
            code: "custom",
            path: [index, "id"],
            message: `duplicate agent id "${agent.id}"`,
          });
        seen.add(agent.id);
      });
    }),
});
