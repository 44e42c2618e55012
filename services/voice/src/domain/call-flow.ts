import { advanceStatus, CallStatus } from "./call-status.js";
import { speakableText, splitSpeech } from "./speakable-text.js";
import {
  RecordLimits,
  type GatherState,
  type PendingReply,
  type StoredCall,
} from "./stored-call.js";

/** What the call does next, in order; a transport renders it (TwiML for Twilio, text for the mock). */
export type CallAction =
  | { kind: "say"; text: string }
  /** Listen for the caller's words; their speech becomes turn `turn`. */
  | { kind: "listen"; turn: number }
  /** Keep the line open while the agent thinks, then ask again. */
  | { kind: "wait" }
  | { kind: "hangup" };

/** The caller's words to give the agent (the caller of a transition submits them). */
export interface SubmitSpeech {
  inputId: string;
  turn: number;
  text: string;
}

/** A state change of a call: the next record, what to do, and whether it submits speech. */
export interface Transition {
  call: StoredCall;
  actions: CallAction[];
  submit?: SubmitSpeech;
}

/** The sentences a call says on its own. */
export interface CallPhrases {
  greeting: string;
  stillThere: string;
  goodbyeSilence: string;
  timeLimit: string;
  tooSlow: string;
}

/** Limits and phrases of the call flow, from the voice-call config. */
export interface CallPolicy {
  maxDurationMs: number;
  /** After this long without a reply the call apologises and listens again. */
  replyTimeoutMs: number;
  /** Re-prompts after silence before hanging up. */
  maxSilentPrompts: number;
  phrases: CallPhrases;
}

/** Default sentences (the greeting is `inboundGreeting` when set). */
export const DefaultPhrases: CallPhrases = {
  greeting: "Hello! How can I help you?",
  stillThere: "Are you still there?",
  goodbyeSilence: "I did not hear anything, so I will hang up now. Goodbye.",
  timeLimit: "We have reached the time limit for this call. Goodbye.",
  tooSlow: "Sorry, I could not get an answer in time. Please ask again.",
};

/** The inbox input id of a caller turn: stable, so a repeated webhook submits it once. */
export function speechInputId(callId: string, turn: number): string {
  return `voice:${callId}:${turn}`;
}

function gather(call: StoredCall): GatherState {
  return call.transport;
}

function withGather(call: StoredCall, state: Partial<GatherState>, now: number): StoredCall {
  return { ...call, transport: { ...gather(call), ...state }, updatedAt: now };
}

function addTranscript(
  call: StoredCall,
  role: "user" | "assistant",
  text: string,
  now: number,
): StoredCall {
  const entry = { role, text: text.slice(0, RecordLimits.textChars), ts: now };
  return { ...call, transcript: [...call.transcript, entry].slice(-RecordLimits.transcript) };
}

function sayAll(text: string): CallAction[] {
  return splitSpeech(speakableText(text)).map((piece) => ({ kind: "say", text: piece }));
}

function listen(call: StoredCall): CallAction {
  return { kind: "listen", turn: gather(call).turn + 1 };
}

/** Ends the call from our side: says `text` (if any), hangs up, and records why. */
export function hangUp(call: StoredCall, reason: string, now: number, text?: string): Transition {
  const ended: StoredCall = {
    ...withGather(call, { phase: "ended", awaiting: undefined }, now),
    endReason: call.endReason ?? reason,
  };
  const next =
    advanceStatus(call.status, CallStatus.Completed) === call.status
      ? ended
      : { ...ended, status: CallStatus.Completed, endedAt: now };
  return {
    call: text ? addTranscript(next, "assistant", text, now) : next,
    actions: [...(text ? sayAll(text) : []), { kind: "hangup" }],
  };
}

/** Hangs up when the call has run past `maxDurationSeconds`, or already ended; undefined otherwise. */
export function enforceLimits(
  call: StoredCall,
  policy: CallPolicy,
  now: number,
): Transition | undefined {
  if (gather(call).phase === "ended" || call.endedAt !== undefined)
    return { call, actions: [{ kind: "hangup" }] };
  if (call.answeredAt !== undefined && now - call.answeredAt >= policy.maxDurationMs)
    return hangUp(call, "max-duration", now, policy.phrases.timeLimit);
  return undefined;
}

/**
 * The call is answered: an inbound call is greeted, an outbound one says its message; then a
 * conversation listens and a notification hangs up.
 */
export function answer(call: StoredCall, policy: CallPolicy, now: number): Transition {
  if (call.endedAt !== undefined || gather(call).phase === "ended")
    return { call, actions: [{ kind: "hangup" }] };
  if (gather(call).phase !== "ringing")
    return {
      call,
      actions: gather(call).phase === "thinking" ? [{ kind: "wait" }] : [listen(call)],
    };
  const opening = call.direction === "inbound" ? policy.phrases.greeting : (call.message ?? "");
  let next: StoredCall = {
    ...withGather(call, { phase: "listening" }, now),
    status: advanceStatus(call.status, CallStatus.InProgress),
    answeredAt: call.answeredAt ?? now,
  };
  if (opening.trim()) next = addTranscript(next, "assistant", opening, now);
  if (call.mode === "notify")
    return { ...hangUp(next, "notified", now), actions: [...sayAll(opening), { kind: "hangup" }] };
  return { call: next, actions: [...sayAll(opening), listen(next)] };
}

/** The caller said `text` in turn `turn`: it goes to the agent and the call waits for the reply. */
export function hearSpeech(
  call: StoredCall,
  turn: number,
  text: string,
  policy: CallPolicy,
  now: number,
): Transition {
  const limited = enforceLimits(call, policy, now);
  if (limited) return limited;
  const state = gather(call);
  if (turn <= state.turn)
    return { call, actions: state.phase === "thinking" ? [{ kind: "wait" }] : [listen(call)] };
  const words = text.trim().slice(0, RecordLimits.textChars);
  if (!words) return hearSilence(call, policy, now);
  const inputId = speechInputId(call.callId, turn);
  const next = withGather(
    addTranscript(call, "user", words, now),
    { phase: "thinking", turn, silentPrompts: 0, awaiting: { inputId, since: now } },
    now,
  );
  return { call: next, actions: [{ kind: "wait" }], submit: { inputId, turn, text: words } };
}

/** The caller said nothing: speak any waiting reply, else re-prompt, and hang up after too many silences. */
export function hearSilence(call: StoredCall, policy: CallPolicy, now: number): Transition {
  const limited = enforceLimits(call, policy, now);
  if (limited) return limited;
  const state = gather(call);
  if (state.phase === "thinking") return pollReply(call, policy, now);
  if (call.pending.length > 0) return speakPending(call, now);
  if (state.silentPrompts >= policy.maxSilentPrompts)
    return hangUp(call, "silence", now, policy.phrases.goodbyeSilence);
  const next = withGather(call, { silentPrompts: state.silentPrompts + 1 }, now);
  return { call: next, actions: [...sayAll(policy.phrases.stillThere), listen(next)] };
}

/** The call checks for the agent's reply: speak it, give up after the reply timeout, or keep waiting. */
export function pollReply(call: StoredCall, policy: CallPolicy, now: number): Transition {
  const limited = enforceLimits(call, policy, now);
  if (limited) return limited;
  const state = gather(call);
  if (call.pending.length > 0) return speakPending(call, now);
  if (state.phase !== "thinking") return { call, actions: [listen(call)] };
  if (state.awaiting && now - state.awaiting.since >= policy.replyTimeoutMs) {
    const next = withGather(call, { phase: "listening", awaiting: undefined }, now);
    return { call: next, actions: [...sayAll(policy.phrases.tooSlow), listen(next)] };
  }
  return { call, actions: [{ kind: "wait" }] };
}

function speakPending(call: StoredCall, now: number): Transition {
  const replies = [...call.pending].sort((a, b) => a.seq - b.seq);
  let next: StoredCall = {
    ...withGather(call, { phase: "listening", awaiting: undefined, silentPrompts: 0 }, now),
    pending: [],
  };
  for (const reply of replies) next = addTranscript(next, "assistant", reply.text, now);
  return { call: next, actions: [...replies.flatMap((reply) => sayAll(reply.text)), listen(next)] };
}

/** Outcome of {@link acceptReply}. */
export type ReplyOutcome = "accepted" | "duplicate" | "call-ended";

/** Stores an agent reply for the call to speak; a redelivered reply (same id) is taken once. */
export function acceptReply(
  call: StoredCall,
  reply: PendingReply,
  now: number,
): { call: StoredCall; outcome: ReplyOutcome } {
  if (call.delivered.includes(reply.id)) return { call, outcome: "duplicate" };
  if (call.endedAt !== undefined || gather(call).phase === "ended")
    return { call, outcome: "call-ended" };
  const delivered = [...call.delivered, reply.id].slice(-RecordLimits.delivered);
  return {
    call: { ...call, pending: [...call.pending, reply], delivered, updatedAt: now },
    outcome: "accepted",
  };
}

/** A status report from the provider (status callback, REST answer, the mock). */
export function reportStatus(
  call: StoredCall,
  status: CallStatus,
  now: number,
  reason?: string,
): StoredCall {
  const next = advanceStatus(call.status, status);
  if (next === call.status) return call;
  const updated: StoredCall = { ...call, status: next, updatedAt: now };
  if (next === CallStatus.InProgress) updated.answeredAt ??= now;
  if (
    next !== CallStatus.Initiated &&
    next !== CallStatus.Ringing &&
    next !== CallStatus.InProgress
  ) {
    updated.endedAt ??= now;
    updated.endReason ??= reason ?? (next === CallStatus.Completed ? "hangup" : next);
    updated.transport = { ...gather(call), phase: "ended", awaiting: undefined };
  }
  return updated;
}
