import * as z from "zod";

/** A model reference: `"provider/model"` or an alias from `agents.defaults.models`. */
export const ModelRefSchema = z
  .string()
  .regex(/^\S+$/, 'expected "provider/model" or an alias, without spaces');

/** A primary model plus the models tried in order when it fails. */
export const ModelSelectionObjectSchema = z.object({
  primary: ModelRefSchema.optional(),
  fallbacks: z.array(ModelRefSchema).optional(),
});

/** `model`: a string (the primary) or `{primary, fallbacks}`; always the object form after parsing. */
export const ModelSelectionSchema = z
  .union([ModelRefSchema, ModelSelectionObjectSchema])
  .transform((model) => (typeof model === "string" ? { primary: model } : model));

/** A parsed model selection; missing parts inherit from `agents.defaults.model`. */
export type ModelSelection = z.output<typeof ModelSelectionSchema>;
