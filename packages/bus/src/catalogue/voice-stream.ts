import * as z from "zod";
import { defineEvent, defineRequest } from "./define.js";

/** Largest Media Streams message the gateway relays (a bigger one closes the caller's socket). */
export const VOICE_STREAM_MAX_FRAME_BYTES = 64 * 1024;

/** One message of a relayed Media Stream, in either direction. */
export const voiceStreamMessageSchema = z.discriminatedUnion("kind", [
  /** A text frame of the WebSocket, as it came. */
  z.object({ kind: z.literal("frame"), text: z.string().max(VOICE_STREAM_MAX_FRAME_BYTES) }),
  /** A binary frame came (Media Streams never sends one); its bytes are not carried. */
  z.object({ kind: z.literal("binary") }),
  /** The sender is alive (sent every `heartbeatMs` by both ends). */
  z.object({ kind: z.literal("ping") }),
  /** The socket closed or is to be closed, with its WebSocket close code. */
  z.object({
    kind: z.literal("close"),
    code: z.number().int().min(1000).max(4999),
    reason: z.string().max(123),
  }),
]);
/** One message of a relayed Media Stream. */
export type VoiceStreamMessage = z.infer<typeof voiceStreamMessageSchema>;

/** The gateway took a Media Streams WebSocket on its public URL and asks one voice instance to serve it. */
export const VoiceStreamOpen = defineRequest({
  name: "voice.stream.open",
  subject: "voice.stream.open.v1",
  schema: z.object({
    /** Chosen by the gateway (random); keys the relay's subjects. */
    relayId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
    /** Path and query of the upgrade request, e.g. `/voice/stream`. */
    url: z.string().max(4096),
  }),
  reply: z.object({
    /** How often the voice instance pings; the gateway closes the socket after three silent periods. */
    heartbeatMs: z.number().int().positive(),
  }),
  timeoutMs: 5000,
  doc: "Opens a Media Stream relayed by the gateway; one voice instance serves it and answers with its heartbeat period.",
});

/** Caller → voice: what Twilio sent on a relayed Media Stream. */
export const VoiceStreamIn = defineEvent({
  name: "voice.stream.in",
  subject: "voice.stream.in.v1.{relay}",
  legacySubject: "voice.stream.in.{relay}",
  schema: voiceStreamMessageSchema,
  doc: "Frames, pings and the close of a relayed Media Stream, from the gateway to the voice instance serving it.",
});

/** Voice → caller: what the voice instance sends back on a relayed Media Stream. */
export const VoiceStreamOut = defineEvent({
  name: "voice.stream.out",
  subject: "voice.stream.out.v1.{relay}",
  legacySubject: "voice.stream.out.{relay}",
  schema: voiceStreamMessageSchema,
  doc: "Frames (media, mark, clear), pings and the close of a relayed Media Stream, from the voice instance to the gateway.",
});
