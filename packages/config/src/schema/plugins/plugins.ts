import * as z from "zod";
import { BraveEntrySchema } from "./brave.js";
import { VoiceCallEntrySchema } from "./voice-call.js";

/** `plugins`: optional features, keyed by plugin id under `entries`. */
export const PluginsSchema = z.object({
  entries: z
    .object({
      "voice-call": VoiceCallEntrySchema.optional(),
      brave: BraveEntrySchema.optional(),
    })
    .prefault({}),
});
