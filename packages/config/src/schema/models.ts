import * as z from "zod";

/** `models.providers.*.api`: the wire protocol a custom provider speaks. */
export const ProviderApi = {
  AnthropicMessages: "anthropic-messages",
  OpenAICompletions: "openai-completions",
} as const;
/** One of {@link ProviderApi}. */
export type ProviderApi = (typeof ProviderApi)[keyof typeof ProviderApi];

/** One model offered by a custom provider. */
export const ProviderModelSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  contextWindow: z.number().int().min(1).optional(),
  maxTokens: z.number().int().min(1).optional(),
  input: z
    .array(z.enum(["text", "image", "video", "audio"]))
    .optional()
    .describe(
      'what the model takes in: ["text"] for text-only, ["text", "image"] for a vision model (attached images are sent to it); known Anthropic, OpenAI and Google models are recognised when omitted',
    ),
  cost: z
    .object({
      input: z.number().min(0),
      output: z.number().min(0),
      cacheRead: z.number().min(0).optional(),
      cacheWrite: z.number().min(0).optional(),
    })
    .optional()
    .describe("US dollars per million tokens; overrides the built-in price of this model"),
});

/** `models`: custom or overridden model providers. */
export const ModelsSchema = z.object({
  providers: z
    .record(
      z.string().min(1),
      z.object({
        baseUrl: z.url().optional(),
        apiKey: z
          .string()
          .min(1)
          .optional()
          .describe("prefer ${ENV_VAR} substitution over a literal key"),
        api: z.enum(ProviderApi).optional(),
        models: z.array(ProviderModelSchema).default(() => []),
      }),
    )
    .default(() => ({})),
});
