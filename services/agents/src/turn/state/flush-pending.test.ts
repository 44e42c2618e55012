import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  readSubject,
  Transcript,
  type Bus,
  type StoredEntry,
  type TranscriptEntry,
} from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import type { NatsTestServer } from "@clawfleet/testkit";
import { startTestNats } from "../../test-support/agents-harness.js";
import { flushPending } from "./flush-pending.js";
import type { SessionHold } from "./session-hold.js";
import type { TranscriptHistory } from "./transcript-history.js";

// Publishing a committed turn's transcript, and after a crash only what is not stored yet — also past
// the stream's duplicate window, where a msgID no longer protects (entries are stored without one here).
let nats: NatsTestServer;
let bus: Bus;
before(async () => ({ nats, bus } = await startTestNats()));
after(async () => {
  await bus.close();
  await nats.dispose();
});

function pendingTurn(key: string, texts: string[]) {
  const token = sessionToken(key);
  const transcript: TranscriptEntry[] = texts.map((text, i) => ({
    role: "user",
    text,
    ts: i,
    sessionId: "s1",
    entryId: `d:${key}:1-1:${i}`,
  }));
  const hold = {
    token,
    value: { sessionId: "s1", pending: { turnKey: "1-1", replies: [], transcript } },
  } as unknown as SessionHold;
  const appended: StoredEntry<TranscriptEntry>[][] = [];
  const history = {
    appended: (t: string, sessionId: string, entries: StoredEntry<TranscriptEntry>[]) => {
      assert.equal(t, token);
      assert.equal(sessionId, "s1");
      appended.push(entries);
    },
  } as unknown as TranscriptHistory;
  return { token, transcript, hold, deps: { bus, history }, appended };
}

async function storedTexts(token: string): Promise<string[]> {
  const entries = await readSubject(bus, Transcript, { session: token });
  return entries.map((e) => e.data.text);
}

test("a turn's transcript is published in order and handed to the history with its sequences", async () => {
  const turn = pendingTurn("agent:main:flush-a", ["one", "two"]);
  const last = await flushPending(turn.deps, turn.hold, false);
  assert.deepEqual(await storedTexts(turn.token), ["one", "two"]);
  assert.equal(turn.appended.length, 1);
  assert.deepEqual(
    turn.appended[0]!.map((e) => e.data.text),
    ["one", "two"],
  );
  assert.equal(turn.appended[0]!.at(-1)!.seq, last, "resolves with the last entry's sequence");
  assert.ok(turn.appended[0]![0]!.seq < last);
});

test("after a crash, entries already stored (found by the last entry on the subject) are not stored again", async () => {
  const turn = pendingTurn("agent:main:flush-b", ["one", "two", "three"]);
  // The crashed worker stored the first two, without the msgID a re-publish could be deduplicated by.
  for (const entry of turn.transcript.slice(0, 2))
    await bus.jsPublish(Transcript, { session: turn.token }, entry);
  const last = await flushPending(turn.deps, turn.hold, true);
  assert.deepEqual(await storedTexts(turn.token), ["one", "two", "three"]);
  assert.deepEqual(
    turn.appended.map((batch) => batch.map((e) => e.data.text)),
    [["three"]],
  );
  assert.equal(turn.appended[0]![0]!.seq, last);
});

test("after a crash with everything stored, nothing is stored again and the last stored sequence is returned", async () => {
  const turn = pendingTurn("agent:main:flush-c", ["only"]);
  const { seq } = await bus.jsPublish(Transcript, { session: turn.token }, turn.transcript[0]!);
  assert.equal(await flushPending(turn.deps, turn.hold, true), seq);
  assert.deepEqual(await storedTexts(turn.token), ["only"]);
  assert.deepEqual(turn.appended, [], "nothing new for the history");
});

test("an unrelated last entry on the subject (another turn's) does not skip anything; without a crash nothing is looked up", async () => {
  const turn = pendingTurn("agent:main:flush-d", ["new one"]);
  await bus.jsPublish(
    Transcript,
    { session: turn.token },
    { ...turn.transcript[0]!, text: "older", entryId: "d:older:0" },
  );
  await flushPending(turn.deps, turn.hold, true);
  assert.deepEqual(await storedTexts(turn.token), ["older", "new one"]);
  const again = pendingTurn("agent:main:flush-e", ["x"]);
  await bus.jsPublish(Transcript, { session: again.token }, again.transcript[0]!);
  await flushPending(again.deps, again.hold, false);
  assert.deepEqual(await storedTexts(again.token), ["x", "x"], "no crash: published as committed");
});

test("nothing pending: nothing published", async () => {
  const turn = pendingTurn("agent:main:flush-f", []);
  const idle = { token: turn.token, value: { sessionId: "s1" } } as unknown as SessionHold;
  assert.equal(await flushPending(turn.deps, idle, true), 0);
  assert.deepEqual(await storedTexts(turn.token), []);
});
