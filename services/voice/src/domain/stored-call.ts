import { callRecordSchema, callTranscriptEntrySchema, type CallRecord } from "@clawfleet/bus";
import * as z from "zod";

/**
 * Where a `<Gather>`/`<Say>` call stands: ringing (not answered yet), listening (a Gather is open),
 * thinking (the caller's words went to the agent; the call polls for the reply), ended.
 */
export const gatherStateSchema = z.object({
  kind: z.literal("gather"),
  phase: z.enum(["ringing", "listening", "thinking", "ended"]),
  /** Number of caller turns given to the agent so far; the next speech is turn `turn + 1`. */
  turn: z.number().int().nonnegative(),
  /** Re-prompts in a row after silence. */
  silentPrompts: z.number().int().nonnegative(),
  /** The input the call waits on while thinking, and since when. */
  awaiting: z.object({ inputId: z.string(), since: z.number() }).optional(),
});
/** State of a Gather-transport call. */
export type GatherState = z.infer<typeof gatherStateSchema>;

/**
 * Per-transport state of a call. Media Streams (`<Connect><Stream>`) will add a `stream` variant
 * (stream sid, audio state) next to `gather` without touching the rest of the record.
 */
export const transportStateSchema = z.discriminatedUnion("kind", [gatherStateSchema]);
/** Per-transport state of a call. */
export type TransportState = z.infer<typeof transportStateSchema>;

/** An agent reply taken from the outbox, waiting to be spoken. */
export const pendingReplySchema = z.object({
  /** The outbox message id (dedupes redeliveries). */
  id: z.string(),
  text: z.string(),
  /** OUTBOX stream sequence: replies are spoken in this order. */
  seq: z.number().int().nonnegative(),
  at: z.number(),
});
/** A reply waiting to be spoken. */
export type PendingReply = z.infer<typeof pendingReplySchema>;

/** A call as kept in KV `voice-calls` under `call.<callId>`: the public record plus what the call flow needs. */
export const storedCallSchema = callRecordSchema
  .omit({ transport: true, transcript: true })
  .extend({
    transport: transportStateSchema,
    /** What an outbound call says when answered. */
    message: z.string().optional(),
    transcript: z.array(callTranscriptEntrySchema).default(() => []),
    pending: z.array(pendingReplySchema).default(() => []),
    /** The Media Stream serving the call, once Twilio opened it (the Gather loop takes over when it ends). */
    stream: z.object({ streamSid: z.string(), since: z.number() }).optional(),
    /** Outbox ids already taken (bounded), so a redelivered reply is not spoken twice. */
    delivered: z.array(z.string()).default(() => []),
    /**
     * A timed step of a provider that sends no webhook for it (Telnyx: caller silence, the agent's
     * reply timeout), kept here so any instance runs it when the one that armed it died.
     */
    timer: z.object({ kind: z.enum(["silence", "reply"]), dueAt: z.number() }).optional(),
  });
/** A call as kept in KV. */
export type StoredCall = z.infer<typeof storedCallSchema>;
/** A timed step kept in the call record. */
export type CallTimer = NonNullable<StoredCall["timer"]>;

/** How many transcript lines and delivered ids a record keeps. */
export const RecordLimits = { transcript: 100, delivered: 100, textChars: 2000 } as const;

/** The public record of a stored call, with or without its transcript. */
export function toCallRecord(call: StoredCall, options: { transcript?: boolean } = {}): CallRecord {
  const {
    transport,
    message: _message,
    pending: _pending,
    delivered: _delivered,
    transcript,
    stream,
    timer: _timer,
    ...rest
  } = call;
  const record: CallRecord = { ...rest, transport: stream ? "stream" : transport.kind };
  if (options.transcript !== false) record.transcript = transcript;
  return record;
}

/** Whether the call is over (an end status, or we hung up). */
export function isCallOver(call: StoredCall): boolean {
  return call.endedAt !== undefined || call.transport.phase === "ended";
}
