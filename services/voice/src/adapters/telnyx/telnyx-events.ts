import * as z from "zod";

/** The payload fields of a Call Control webhook the voice service reads. */
export const telnyxPayloadSchema = z.looseObject({
  call_control_id: z.string().min(1),
  call_leg_id: z.string().min(1),
  call_session_id: z.string().optional(),
  client_state: z.string().nullish(),
  from: z.string().optional(),
  to: z.string().optional(),
  direction: z.string().optional(),
  status: z.string().optional(),
  hangup_cause: z.string().optional(),
  transcription_data: z
    .object({
      transcript: z.string(),
      is_final: z.boolean().optional(),
      confidence: z.number().optional(),
    })
    .optional(),
});
/** A Call Control webhook payload. */
export type TelnyxPayload = z.infer<typeof telnyxPayloadSchema>;

/** Telnyx's webhook envelope: `{data: {event_type, id, occurred_at, payload}}`. */
export const telnyxEventSchema = z.object({
  data: z.object({
    event_type: z.string().min(1),
    id: z.string().optional(),
    occurred_at: z.string().optional(),
    payload: telnyxPayloadSchema,
  }),
});
/** A Call Control webhook. */
export type TelnyxEvent = z.infer<typeof telnyxEventSchema>;

/** The Call Control events the call flow acts on. */
export const TelnyxEventType = {
  Initiated: "call.initiated",
  Answered: "call.answered",
  SpeakEnded: "call.speak.ended",
  Transcription: "call.transcription",
  Hangup: "call.hangup",
} as const;
