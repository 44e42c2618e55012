import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sessionStateSchema, Transcript, type Bus } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import type { NatsTestServer } from "@clawfleet/testkit";
import { startTestNats } from "../../test-support/agents-harness.js";
import { TranscriptHistory } from "./transcript-history.js";

let nats: NatsTestServer;
let bus: Bus;
before(async () => ({ nats, bus } = await startTestNats()));
after(async () => {
  await bus.close();
  await nats.dispose();
});

const key = "agent:main:telegram:direct:hist";
const token = sessionToken(key);
const entry = (text: string, sessionId = "current") => ({
  role: "user" as const,
  text,
  ts: 0,
  sessionId,
});

test("a worker that never saw a session reads its history in bulk; later it reads only what others added", async () => {
  let first = 0;
  let last = 0;
  for (let i = 0; i < 450; i++) {
    const ack = await bus.jsPublish(
      Transcript,
      { session: token },
      entry(`m${i}`, i < 20 ? "older" : "current"),
    );
    await bus.jsPublish(Transcript, { session: sessionToken("agent:main:other") }, entry("noise"));
    if (i === 0) first = ack.seq;
    last = ack.seq;
  }
  const state = sessionStateSchema.parse({
    key,
    agentId: "main",
    sessionId: "current",
    createdAt: 0,
    updatedAt: 0,
    transcriptStart: first,
    transcriptSeq: last,
  });
  const history = new TranscriptHistory(bus);
  const recent = await history.recent(token, state);
  assert.equal(recent.length, 200, "bounded to the most recent 200");
  assert.equal(recent.at(-1)!.text, "m449");
  assert.ok(recent.every((e) => e.sessionId === "current"));
  const full = await history.read(token, state, 300);
  assert.equal(full.entries.length, 300);
  assert.equal(full.entries[0]!.text, "m150");
  assert.equal(full.hasMore, true);
  const added = await bus.jsPublish(Transcript, { session: token }, entry("from another worker"));
  const later = await history.recent(token, { ...state, transcriptSeq: added.seq });
  assert.equal(later.at(-1)!.text, "from another worker");
  assert.equal(
    (await bus.stream(Transcript).info()).consumers,
    0,
    "the bulk reader's consumers are gone",
  );
});
