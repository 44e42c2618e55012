import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  acceptReply,
  answer,
  DefaultPhrases,
  hearSilence,
  hearSpeech,
  pollReply,
  reportStatus,
  type CallPolicy,
} from "./call-flow.js";
import type { StoredCall } from "./stored-call.js";

const policy: CallPolicy = {
  maxDurationMs: 300_000,
  replyTimeoutMs: 90_000,
  maxSilentPrompts: 2,
  phrases: { ...DefaultPhrases, greeting: "Hi, this is the agent." },
};

function inbound(overrides: Partial<StoredCall> = {}): StoredCall {
  return {
    callId: "CA1",
    provider: "twilio",
    direction: "inbound",
    from: "+15551230000",
    to: "+15550002222",
    status: "ringing",
    mode: "conversation",
    sessionKey: "agent:main:voice:15551230000",
    agentId: "main",
    startedAt: 1000,
    updatedAt: 1000,
    transport: { kind: "gather", phase: "ringing", turn: 0, silentPrompts: 0 },
    transcript: [],
    pending: [],
    delivered: [],
    ...overrides,
  };
}

describe("the gather call flow", () => {
  it("greets an inbound caller and listens for turn 1", () => {
    const { call, actions } = answer(inbound(), policy, 2000);
    assert.deepEqual(actions, [
      { kind: "say", text: "Hi, this is the agent." },
      { kind: "listen", turn: 1 },
    ]);
    assert.equal(call.status, "in-progress");
    assert.equal(call.answeredAt, 2000);
    assert.deepEqual(call.transcript, [
      { role: "assistant", text: "Hi, this is the agent.", ts: 2000 },
    ]);
    assert.deepEqual(
      answer(call, policy, 2500).actions,
      [{ kind: "listen", turn: 1 }],
      "a repeated answer webhook does not greet twice",
    );
  });

  it("gives the caller's words to the agent once, then waits for the reply", () => {
    const listening = answer(inbound(), policy, 2000).call;
    const heard = hearSpeech(listening, 1, "  what's the weather ", policy, 3000);
    assert.deepEqual(heard.submit, { inputId: "voice:CA1:1", turn: 1, text: "what's the weather" });
    assert.deepEqual(heard.actions, [{ kind: "wait" }]);
    assert.equal(heard.call.transport.phase, "thinking");
    assert.deepEqual(heard.call.transcript.at(-1), {
      role: "user",
      text: "what's the weather",
      ts: 3000,
    });
    const again = hearSpeech(heard.call, 1, "what's the weather", policy, 3100);
    assert.equal(
      again.submit,
      undefined,
      "Twilio repeating the same Gather action submits nothing",
    );
    assert.equal(again.call, heard.call);
  });

  it("speaks replies in outbox order, each once, and listens for the next turn", () => {
    let call = hearSpeech(answer(inbound(), policy, 2000).call, 1, "hello", policy, 3000).call;
    assert.deepEqual(pollReply(call, policy, 3500).actions, [{ kind: "wait" }]);
    call = acceptReply(call, { id: "r2", text: "second **bold**", seq: 12, at: 4000 }, 4000).call;
    const first = acceptReply(call, { id: "r1", text: "first", seq: 11, at: 4000 }, 4000);
    assert.equal(first.outcome, "accepted");
    assert.equal(
      acceptReply(first.call, { id: "r1", text: "first", seq: 11, at: 4100 }, 4100).outcome,
      "duplicate",
    );
    const spoken = pollReply(first.call, policy, 4200);
    assert.deepEqual(spoken.actions, [
      { kind: "say", text: "first" },
      { kind: "say", text: "second bold" },
      { kind: "listen", turn: 2 },
    ]);
    assert.deepEqual(spoken.call.pending, []);
    assert.deepEqual(
      spoken.call.transcript.slice(-2).map((e) => e.text),
      ["first", "second **bold**"],
    );
    assert.deepEqual(
      pollReply(spoken.call, policy, 4300).actions,
      [{ kind: "listen", turn: 2 }],
      "nothing is spoken twice",
    );
    assert.equal(
      acceptReply(spoken.call, { id: "r1", text: "first", seq: 11, at: 4400 }, 4400).outcome,
      "duplicate",
      "a redelivered reply is refused after it was spoken",
    );
  });

  it("re-prompts after silence, then says goodbye and hangs up", () => {
    let call = answer(inbound(), policy, 2000).call;
    for (let i = 1; i <= 2; i++) {
      const step = hearSilence(call, policy, 2000 + i);
      assert.deepEqual(step.actions, [
        { kind: "say", text: DefaultPhrases.stillThere },
        { kind: "listen", turn: 1 },
      ]);
      call = step.call;
    }
    const last = hearSilence(call, policy, 2100);
    assert.deepEqual(last.actions, [
      { kind: "say", text: DefaultPhrases.goodbyeSilence },
      { kind: "hangup" },
    ]);
    assert.equal(last.call.status, "completed");
    assert.equal(last.call.endReason, "silence");
    assert.equal(
      hearSpeech(last.call, 1, "wait!", policy, 2200).submit,
      undefined,
      "an ended call takes no more speech",
    );
  });

  it("an empty speech result counts as silence and speech resets the silence count", () => {
    const call = answer(inbound(), policy, 2000).call;
    const silent = hearSpeech(call, 1, "   ", policy, 2100);
    assert.equal(silent.submit, undefined);
    assert.equal(silent.call.transport.silentPrompts, 1);
    assert.equal(hearSpeech(silent.call, 1, "hi", policy, 2200).call.transport.silentPrompts, 0);
  });

  it("hangs up once maxDurationSeconds is over, whatever the caller does", () => {
    const call = answer(inbound(), policy, 2000).call;
    const late = hearSpeech(call, 1, "still here", policy, 2000 + policy.maxDurationMs);
    assert.deepEqual(late.actions, [
      { kind: "say", text: DefaultPhrases.timeLimit },
      { kind: "hangup" },
    ]);
    assert.equal(late.submit, undefined);
    assert.equal(late.call.endReason, "max-duration");
    assert.deepEqual(pollReply(call, policy, 2000 + policy.maxDurationMs + 1).actions.at(-1), {
      kind: "hangup",
    });
  });

  it("apologises when the agent does not answer within the reply timeout", () => {
    const thinking = hearSpeech(
      answer(inbound(), policy, 2000).call,
      1,
      "hello",
      policy,
      3000,
    ).call;
    const late = pollReply(thinking, policy, 3000 + policy.replyTimeoutMs);
    assert.deepEqual(late.actions, [
      { kind: "say", text: DefaultPhrases.tooSlow },
      { kind: "listen", turn: 2 },
    ]);
    assert.equal(late.call.transport.phase, "listening");
  });

  it("an outbound notification says its message and hangs up; a conversation listens", () => {
    const outbound = inbound({
      direction: "outbound",
      mode: "notify",
      message: "Your order shipped.",
      status: "initiated",
    });
    const notified = answer(outbound, policy, 5000);
    assert.deepEqual(notified.actions, [
      { kind: "say", text: "Your order shipped." },
      { kind: "hangup" },
    ]);
    assert.equal(notified.call.endReason, "notified");
    const talk = answer({ ...outbound, mode: "conversation" }, policy, 5000);
    assert.deepEqual(talk.actions, [
      { kind: "say", text: "Your order shipped." },
      { kind: "listen", turn: 1 },
    ]);
  });

  it("status reports only move forward and an end state is final", () => {
    let call = inbound({ status: "initiated" });
    call = reportStatus(call, "in-progress", 2000);
    assert.equal(reportStatus(call, "ringing", 2100), call, "a late ringing callback is ignored");
    call = reportStatus(call, "completed", 3000);
    assert.equal(call.endedAt, 3000);
    assert.equal(call.endReason, "hangup");
    assert.equal(call.transport.phase, "ended");
    assert.equal(reportStatus(call, "in-progress", 3100), call);
    assert.equal(
      acceptReply(call, { id: "late", text: "too late", seq: 1, at: 3200 }, 3200).outcome,
      "call-ended",
    );
  });
});
