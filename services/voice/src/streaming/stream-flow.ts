import { answer, hearSilence, type Transition } from "../domain/call-flow.js";
import type { CallPolicy } from "../domain/call-flow.js";
import type { StoredCall } from "../domain/stored-call.js";

/** Outbox-id prefix of a call's opening sentence, queued for the stream to speak. */
const OPENING_ID = "opening:";

/**
 * Answers a call that will talk over a Media Stream: like {@link answer}, but the opening sentence
 * is queued as a pending reply instead of said in TwiML, so whichever instance serves the stream
 * speaks it (and the Gather loop does, if the stream never comes).
 */
export function answerForStream(call: StoredCall, policy: CallPolicy, now: number): Transition {
  const answered = answer(call, policy, now);
  if (call.transport.phase !== "ringing" || answered.call.transport.phase !== "listening")
    return answered;
  const opening = answered.actions.flatMap((action) =>
    action.kind === "say" ? [action.text] : [],
  );
  if (opening.length === 0) return answered;
  const transcript = answered.call.transcript.slice(0, -1);
  const pending = [
    { id: `${OPENING_ID}${call.callId}`, text: opening.join(" "), seq: 0, at: now },
    ...answered.call.pending,
  ];
  return { call: { ...answered.call, transcript, pending }, actions: answered.actions };
}

/** Records that a Media Stream serves the call. */
export function startStream(call: StoredCall, streamSid: string, now: number): StoredCall {
  return { ...call, stream: { streamSid, since: now }, updatedAt: now };
}

/** Records that the stream ended (the Gather loop takes over if the call goes on). */
export function endStream(call: StoredCall, now: number): StoredCall {
  if (!call.stream) return call;
  const { stream: _stream, ...rest } = call;
  return { ...rest, updatedAt: now };
}

/** Marks the last reply as interrupted: the caller talked over it and its playback was stopped. */
export function markInterrupted(call: StoredCall, now: number): StoredCall {
  const index = call.transcript.findLastIndex((entry) => entry.role === "assistant");
  const entry = call.transcript[index];
  if (!entry || entry.interrupted) return call;
  const transcript = call.transcript.with(index, { ...entry, interrupted: true });
  return { ...call, transcript, updatedAt: now };
}

/**
 * Puts a reply the stream could not speak back in front of the queue (and out of the transcript,
 * which records it when it is said), so the Gather loop says it after a fall-back.
 */
export function requeueUnspoken(call: StoredCall, text: string, now: number): StoredCall {
  const last = call.transcript.at(-1);
  const transcript =
    last?.role === "assistant" && text.startsWith(last.text.slice(0, 40))
      ? call.transcript.slice(0, -1)
      : call.transcript;
  const pending = [{ id: `unspoken:${now}`, text, seq: 0, at: now }, ...call.pending];
  return { ...call, transcript, pending, updatedAt: now };
}

/**
 * The caller stayed silent after the assistant finished speaking: ask whether anyone is there
 * (up to `maxSilentPrompts` times), then say goodbye and hang up with end reason `silence`. Only a
 * listening call is prompted; one waiting for the agent keeps waiting.
 */
export function promptSilentCaller(call: StoredCall, policy: CallPolicy, now: number): Transition {
  if (call.transport.phase !== "listening") return { call, actions: [] };
  return hearSilence(call, policy, now);
}
