import * as z from "zod";

/** A platform id (user, chat, guild) written as a string or an integer; always a string after parsing. */
export const PlatformIdSchema = z
  .union([
    z.string().min(1),
    // z.number().int() would say "too big"; the useful hint is to quote the id.
    z.number().refine(Number.isSafeInteger, {
      message:
        "expected a whole number of at most 16 digits (longer ids lose digits in JSON); write it as a string",
    }),
  ])
  .transform((id) => String(id));

/** A list of {@link PlatformIdSchema} ids, e.g. `allowFrom`. */
export const PlatformIdListSchema = z.array(PlatformIdSchema);
