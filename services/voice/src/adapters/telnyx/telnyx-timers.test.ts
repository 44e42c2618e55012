import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { answer, DefaultPhrases, hearSpeech, type CallPolicy } from "../../domain/call-flow.js";
import type { StoredCall } from "../../domain/stored-call.js";
import { armSilence, timerStep, withTimers } from "./telnyx-timers.js";

const policy: CallPolicy = {
  maxDurationMs: 300_000,
  replyTimeoutMs: 90_000,
  maxSilentPrompts: 2,
  phrases: DefaultPhrases,
};

const ringing: StoredCall = {
  callId: "tx-1",
  provider: "telnyx",
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
};

describe("Telnyx call timers in the call record", () => {
  const listening = withTimers(answer)(ringing, policy, 2000).call;

  it("a silence timer, once armed, re-prompts only while nothing else changed the call", () => {
    assert.equal(listening.timer, undefined, "listening arms nothing until the speech ended");
    const armed = armSilence(listening.updatedAt, 8000)(listening, policy, 3000).call;
    assert.deepEqual(armed.timer, { kind: "silence", dueAt: 11_000 });
    const due = armed.timer!;
    const prompted = withTimers(timerStep(due))(armed, policy, 11_000);
    assert.deepEqual(
      prompted.actions.map((a) => a.kind),
      ["say", "listen"],
    );
    assert.equal(prompted.call.timer, undefined, "the prompt replaces the timer");
    // Run a second time (a survivor after the owner) it does nothing.
    const again = withTimers(timerStep(due))(prompted.call, policy, 11_500);
    assert.equal(again.call, prompted.call);
    assert.deepEqual(again.actions, []);
    // A stale listen cannot arm a timer on a call that moved on.
    assert.equal(
      armSilence(listening.updatedAt, 8000)(prompted.call, policy, 12_000).call.timer,
      undefined,
    );
  });

  it("the caller's words arm a reply timer; it apologises once the reply timeout passed", () => {
    const thinking = withTimers((call, p, now) => hearSpeech(call, 1, "hello", p, now))(
      listening,
      policy,
      5000,
    ).call;
    assert.deepEqual(thinking.timer, { kind: "reply", dueAt: 5000 + 90_000 + 500 });
    const early = timerStep(thinking.timer!)(thinking, policy, 6000);
    assert.deepEqual(
      early.actions.map((a) => a.kind),
      ["wait"],
    );
    const late = withTimers(timerStep(thinking.timer!))(thinking, policy, 95_500);
    assert.deepEqual(late.actions[0], { kind: "say", text: DefaultPhrases.tooSlow });
    assert.equal(late.call.timer, undefined);
  });
});
