import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { agentEventSchema } from "@clawfleet/bus";
import { ChatEventMapper } from "./chat-event-mapper.js";
import { storedMessageMeta } from "./openclaw-message-identity.js";

describe("OpenClaw message identity", () => {
  it("gives a run's live final and its stored answer the same id, with the run and a terminal flag", () => {
    const live = new ChatEventMapper().map(
      agentEventSchema.parse({
        type: "final",
        runId: "r1",
        sessionKey: "agent:main:main",
        seq: 4,
        ts: 1,
        text: "done",
      }),
      5,
    ).chat?.message?.__openclaw;
    const stored = storedMessageMeta({
      role: "assistant",
      seq: 9,
      runId: "r1",
      sessionId: "s",
      ts: 1,
    });
    assert.deepEqual(live, { id: "r1:answer", runId: "r1", runTerminal: true });
    assert.deepEqual(stored, { id: "r1:answer", runId: "r1", runTerminal: true, seq: 9 });
  });

  it("marks a stored user message with its send's key (<runId>:user), which settles the pending send", () => {
    const user = storedMessageMeta({ role: "user", seq: 8, runId: "r1", sessionId: "s", ts: 1 });
    assert.equal(user.idempotencyKey, "r1:user");
    assert.equal(user.runId, "r1");
    assert.equal(user.seq, 8);
    assert.notEqual(user.id, "r1:answer");
  });

  it("gives messages without a run (channel turns before runs had ids) distinct ids and no run", () => {
    const a = storedMessageMeta({ role: "user", seq: 1, sessionId: "s", ts: 1 });
    const b = storedMessageMeta({ role: "assistant", seq: 2, sessionId: "s", ts: 1 });
    assert.notEqual(a.id, b.id);
    assert.equal(b.runTerminal, undefined);
    assert.equal(a.runId, undefined);
  });
});
