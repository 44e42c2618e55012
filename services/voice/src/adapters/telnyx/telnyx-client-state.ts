import * as z from "zod";

/**
 * What the service keeps in a Telnyx call's `client_state` (base64 JSON, echoed in every later
 * webhook of the call, and covered by the webhook signature): the call id, what to do when the
 * current speech ends (`listen` turn `t`, or `hangup`), and the turn being transcribed.
 */
export const clientStateSchema = z.object({
  c: z.string(),
  k: z.enum(["listen", "hangup", "refuse"]).optional(),
  t: z.number().int().positive().optional(),
});
/** Decoded client state. */
export type ClientState = z.infer<typeof clientStateSchema>;

/** Encodes a client state for a command. */
export function encodeClientState(state: ClientState): string {
  return Buffer.from(JSON.stringify(state), "utf8").toString("base64");
}

/** Decodes a webhook's client state; undefined when absent or not ours. */
export function decodeClientState(value: string | null | undefined): ClientState | undefined {
  if (!value) return undefined;
  try {
    const parsed = clientStateSchema.safeParse(
      JSON.parse(Buffer.from(value, "base64").toString("utf8")),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
