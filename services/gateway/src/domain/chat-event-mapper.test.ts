import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { agentEventSchema, type AgentEvent } from "@clawfleet/bus";
import { ChatEventMapper } from "./chat-event-mapper.js";
import { RunRegistry } from "./run-registry.js";

const ev = (e: object): AgentEvent =>
  agentEventSchema.parse({ runId: "r1", sessionKey: "agent:main:main", ts: 1, ...e });

describe("ChatEventMapper", () => {
  it("turns deltas into chat deltas carrying the new text and the whole message so far", () => {
    const mapper = new ChatEventMapper();
    const first = mapper.map(ev({ type: "delta", seq: 2, text: "Hel" }), 10);
    const second = mapper.map(ev({ type: "delta", seq: 3, text: "lo" }), 11);
    assert.deepEqual(first.chat?.deltaText, "Hel");
    assert.equal(second.chat?.deltaText, "lo");
    assert.deepEqual(second.chat?.message?.content[0], { type: "text", text: "Hello" });
    assert.deepEqual(second.chat?.runIds, ["r1"]);
    assert.deepEqual(second.agent.data, { text: "Hello", delta: "lo" });
  });

  it("ends runs: final (silent without a message), error with its message, aborted", () => {
    const mapper = new ChatEventMapper();
    const final = mapper.map(
      ev({ type: "final", seq: 4, text: "done", usage: { inputTokens: 1, outputTokens: 2 } }),
      5,
    );
    assert.equal(final.chat?.state, "final");
    assert.deepEqual(final.chat?.message?.content[0], { type: "text", text: "done" });
    assert.deepEqual(final.outcome, {
      status: "ok",
      text: "done",
      usage: { inputTokens: 1, outputTokens: 2 },
    });
    const silent = mapper.map(ev({ type: "final", seq: 4, text: "NO_REPLY", silent: true }), 5);
    assert.equal(silent.chat?.message, undefined);
    const error = mapper.map(
      ev({ type: "lifecycle", phase: "error", seq: 5, error: "no API key for anthropic" }),
      5,
    );
    assert.deepEqual(
      [error.chat?.state, error.chat?.errorMessage],
      ["error", "no API key for anthropic"],
    );
    assert.equal(
      mapper.map(ev({ type: "lifecycle", phase: "aborted", seq: 5 }), 5).chat?.state,
      "aborted",
    );
    assert.equal(
      mapper.map(ev({ type: "lifecycle", phase: "start", seq: 1 }), 5).chat,
      undefined,
      "start is an agent event only",
    );
  });

  it("a final's images follow its text as chat.history's image blocks; an images-only reply still has a message", () => {
    const mapper = new ChatEventMapper();
    const chart = {
      kind: "image",
      mimeType: "image/png",
      size: 1200,
      ref: `sha256:${"ab".repeat(32)}`,
      fileName: "chart.png",
    };
    const final = mapper.map(ev({ type: "final", seq: 2, text: "", attachments: [chart] }), 5);
    assert.deepEqual(final.chat?.message?.content, [
      { type: "text", text: "" },
      {
        type: "image",
        artifactId: chart.ref,
        mimeType: "image/png",
        sizeBytes: 1200,
        alt: "chart.png",
      },
    ]);
    const plain = mapper.map(ev({ type: "final", seq: 2, text: "hi" }), 5);
    assert.deepEqual(plain.chat?.message?.content, [{ type: "text", text: "hi" }]);
  });

  it("an aborted run's event carries what was streamed, as OpenClaw's gateway sends it", () => {
    const mapper = new ChatEventMapper();
    mapper.map(ev({ type: "delta", seq: 2, text: "once upon " }), 1);
    mapper.map(ev({ type: "delta", seq: 3, text: "a time" }), 2);
    const aborted = mapper.map(ev({ type: "lifecycle", phase: "aborted", seq: 4 }), 3);
    assert.equal(aborted.chat?.state, "aborted");
    assert.deepEqual(aborted.chat?.message?.content[0], { type: "text", text: "once upon a time" });
    assert.deepEqual(aborted.outcome, { status: "aborted" });
  });

  it("a restart (failover to another model) replaces what was streamed", () => {
    const mapper = new ChatEventMapper();
    mapper.map(ev({ type: "delta", seq: 2, text: "half an ans" }), 1);
    const restart = mapper.map(ev({ type: "lifecycle", phase: "restart", seq: 3 }), 2);
    assert.deepEqual([restart.chat?.replace, restart.chat?.deltaText], [true, ""]);
    assert.deepEqual(
      mapper.map(ev({ type: "delta", seq: 4, text: "Fresh" }), 3).chat?.message?.content[0],
      { type: "text", text: "Fresh" },
    );
  });

  it("maps tool events to the agent tool stream", () => {
    const mapped = new ChatEventMapper().map(
      ev({
        type: "tool",
        seq: 2,
        phase: "start",
        name: "web_fetch",
        callId: "c1",
        input: { url: "x" },
      }),
      1,
    );
    assert.equal(mapped.chat, undefined);
    assert.deepEqual(mapped.agent.data, {
      phase: "start",
      name: "web_fetch",
      toolCallId: "c1",
      input: { url: "x" },
      output: undefined,
      isError: undefined,
    });
  });
});

describe("RunRegistry", () => {
  it("completes every run a collected turn answered, first outcome wins, and wakes waiters", async () => {
    const runs = new RunRegistry();
    runs.accept("a", "s", 1);
    runs.accept("b", "s", 2);
    const waiting = runs.wait("b", 5000);
    runs.started(["a", "b"], "s", 3);
    assert.deepEqual(runs.active("s").sort(), ["a", "b"]);
    runs.finished(["a", "b"], "s", { status: "ok", text: "both" }, 4);
    runs.finished(["a", "b"], "s", { status: "error", error: "late" }, 5);
    const record = await waiting;
    assert.deepEqual([record?.status, record?.text, record?.endedAt], ["ok", "both", 4]);
    assert.deepEqual(runs.active("s"), []);
  });

  it("times out a wait without an answer and forgets old runs", async () => {
    const runs = new RunRegistry();
    assert.equal(await runs.wait("never", 20), undefined);
    runs.finished(["old"], "s", { status: "ok" }, 0);
    runs.sweep(60 * 60_000);
    assert.equal(runs.get("old"), undefined);
  });
});
