import * as z from "zod";
import { VoiceCallEntrySchema } from "./voice-call.js";

/** `plugins`: optional features, keyed by plugin id under `entries`. */
export const PluginsSchema = z.object({
  entries: z.object({ "voice-call": VoiceCallEntrySchema.optional() }).prefault({}),
});
