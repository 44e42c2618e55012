import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DefaultPhrases, pollReply, type CallPolicy } from "../domain/call-flow.js";
import { toCallRecord, type StoredCall } from "../domain/stored-call.js";
import {
  answerForStream,
  endStream,
  markInterrupted,
  requeueUnspoken,
  startStream,
} from "./stream-flow.js";

const policy: CallPolicy = {
  maxDurationMs: 300_000,
  replyTimeoutMs: 90_000,
  maxSilentPrompts: 2,
  phrases: { ...DefaultPhrases, greeting: "Hi, this is the agent." },
};

function ringing(overrides: Partial<StoredCall> = {}): StoredCall {
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

describe("stream flow", () => {
  it("answering for a stream queues the greeting for whoever serves the stream; the Gather loop would say it too", () => {
    const { call } = answerForStream(ringing(), policy, 2000);
    assert.equal(call.transport.phase, "listening");
    assert.equal(call.answeredAt, 2000);
    assert.deepEqual(call.transcript, []);
    assert.deepEqual(
      call.pending.map((p) => p.text),
      ["Hi, this is the agent."],
    );
    const spoken = pollReply(call, policy, 2100);
    assert.deepEqual(spoken.actions, [
      { kind: "say", text: "Hi, this is the agent." },
      { kind: "listen", turn: 1 },
    ]);
    assert.equal(spoken.call.transcript[0]?.text, "Hi, this is the agent.");
  });

  it("a notify call is answered as before (said and hung up, nothing queued)", () => {
    const { call, actions } = answerForStream(
      ringing({ direction: "outbound", mode: "notify", message: "Your parcel came." }),
      policy,
      2000,
    );
    assert.deepEqual(call.pending, []);
    assert.equal(actions.at(-1)?.kind, "hangup");
  });

  it("the record says transport stream while a stream serves the call, gather after", () => {
    const streamed = startStream(ringing(), "MZ1", 3000);
    assert.equal(toCallRecord(streamed).transport, "stream");
    assert.equal(toCallRecord(endStream(streamed, 4000)).transport, "gather");
  });

  it("barge-in marks the last reply interrupted, once", () => {
    const call = ringing({
      transcript: [
        { role: "assistant", text: "Hello.", ts: 1 },
        { role: "user", text: "hi", ts: 2 },
        { role: "assistant", text: "A long answer.", ts: 3 },
      ],
    });
    const marked = markInterrupted(call, 5);
    assert.deepEqual(
      marked.transcript.map((e) => e.interrupted),
      [undefined, undefined, true],
    );
    assert.equal(markInterrupted(marked, 6), marked);
  });

  it("an unspoken reply goes back to the front of the queue and out of the transcript", () => {
    const call = ringing({
      transcript: [{ role: "assistant", text: "echo: are you there", ts: 1 }],
      pending: [{ id: "later", text: "later", seq: 9, at: 1 }],
    });
    const requeued = requeueUnspoken(call, "echo: are you there", 7);
    assert.deepEqual(requeued.transcript, []);
    assert.deepEqual(
      requeued.pending.map((p) => p.text),
      ["echo: are you there", "later"],
    );
  });
});
