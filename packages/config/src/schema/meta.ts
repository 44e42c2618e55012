import * as z from "zod";

/** `meta`: bookkeeping written by the tool that last edited the file. */
export const MetaSchema = z.object({
  lastTouchedVersion: z.string().optional(),
  lastTouchedAt: z.string().optional(),
});
