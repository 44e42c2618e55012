import * as z from "zod";

/** Largest Media Streams message accepted (a 20 ms frame is ~300 bytes of JSON; Twilio sends small ones). */
export const MAX_MESSAGE_BYTES = 16 * 1024;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "not base64");

/** A message Twilio sends on a Media Streams WebSocket (the ones this service acts on). */
export const twilioStreamMessageSchema = z.discriminatedUnion("event", [
  z.object({ event: z.literal("connected"), protocol: z.string().optional() }),
  z.object({
    event: z.literal("start"),
    streamSid: z.string().min(1).max(64),
    start: z.object({
      streamSid: z.string().optional(),
      callSid: z.string().min(1).max(64),
      accountSid: z.string().optional(),
      customParameters: z.record(z.string(), z.string()).default(() => ({})),
      mediaFormat: z
        .object({ encoding: z.string(), sampleRate: z.number(), channels: z.number() })
        .optional(),
    }),
  }),
  z.object({
    event: z.literal("media"),
    streamSid: z.string().optional(),
    media: z.object({
      track: z.string().optional(),
      payload: base64.max(8192),
    }),
  }),
  z.object({ event: z.literal("mark"), mark: z.object({ name: z.string() }) }),
  z.object({ event: z.literal("dtmf") }).loose(),
  z.object({ event: z.literal("stop") }).loose(),
]);
/** A parsed Media Streams message from Twilio. */
export type TwilioStreamMessage = z.infer<typeof twilioStreamMessageSchema>;

/** Parses one text frame; a reason string when it is not a Media Streams message. */
export function parseStreamMessage(text: string): TwilioStreamMessage | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return "not JSON";
  }
  const parsed = twilioStreamMessageSchema.safeParse(json);
  return parsed.success ? parsed.data : z.prettifyError(parsed.error).replace(/\s+/g, " ");
}

/** The `media` message that plays one μ-law frame to the caller. */
export function mediaMessage(streamSid: string, frame: Buffer): string {
  return JSON.stringify({
    event: "media",
    streamSid,
    media: { payload: frame.toString("base64") },
  });
}

/** A `mark`: Twilio echoes it once the audio sent before it has played. */
export function markMessage(streamSid: string, name: string): string {
  return JSON.stringify({ event: "mark", streamSid, mark: { name } });
}

/** `clear`: Twilio drops the audio it has buffered (barge-in). */
export function clearMessage(streamSid: string): string {
  return JSON.stringify({ event: "clear", streamSid });
}
