import * as z from "zod";
import { BusErrorCode, type WireError } from "../errors.js";

/** Schema of an error on the wire. */
export const wireErrorSchema: z.ZodType<WireError> = z.object({
  code: z.enum(Object.values(BusErrorCode) as [BusErrorCode, ...BusErrorCode[]]),
  message: z.string(),
  retryable: z.boolean(),
  retryAfterMs: z.number().nonnegative().optional(),
});

/** Schema of every reply: `{ok: true, data}` or `{ok: false, error}`. */
export const replyEnvelopeSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: wireErrorSchema }),
]);

/** A reply as it travels. */
export type ReplyEnvelope = z.infer<typeof replyEnvelopeSchema>;
