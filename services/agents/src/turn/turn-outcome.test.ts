import assert from "node:assert/strict";
import { test } from "node:test";
import { inboxInputSchema, type InboxInput, type StoredEntry } from "@clawfleet/bus";
import { generatedRunId, replyId } from "../domain/conversation/turn-ids.js";
import { telegramInput, webchatInput } from "../test-support/agents-harness.js";
import { replyFor, runIdsFor, userEntry } from "./message-turn.js";
import { newSessionState } from "./state/session-hold.js";
import { commitOutcome, type TurnOutcome } from "./turn-outcome.js";

const KEY = "agent:main:telegram:direct:100";

function stored(seq: number, input: ReturnType<typeof telegramInput>): StoredEntry<InboxInput> {
  return { seq, subject: "", time: 0, data: inboxInputSchema.parse(input) };
}

test("a commit marks the inputs handled, keeps the replies and transcript pending with stable entry ids, and applies the patch", () => {
  const state = { ...newSessionState(KEY, 1000), lastSeq: 4 };
  const reply = replyFor(KEY, "5-6", stored(6, telegramInput(KEY, "hi")).data, "hello", undefined);
  const outcome: TurnOutcome = {
    turnKey: "5-6",
    lastSeq: 6,
    replies: reply,
    transcript: [
      { role: "user", text: "hi", ts: 1, sessionId: state.sessionId },
      { role: "assistant", text: "hello", ts: 2, sessionId: state.sessionId },
    ],
    patch: (s) => ({ ...s, lastModel: "m" }),
  };
  const next = commitOutcome(state, outcome, "d1", 5000);
  assert.equal(next.lastSeq, 6);
  assert.equal(next.updatedAt, 5000);
  assert.equal(next.lastModel, "m");
  assert.equal(next.pending?.turnKey, "5-6");
  assert.deepEqual(next.pending?.replies, reply);
  assert.deepEqual(
    next.pending?.transcript.map((e) => e.entryId),
    ["d1:5-6:0", "d1:5-6:1"],
  );
  assert.deepEqual(
    commitOutcome(state, outcome, "d1", 9000).pending?.transcript.map((e) => e.entryId),
    ["d1:5-6:0", "d1:5-6:1"],
    "the same turn committed again gets the same ids (so a re-publish is recognised)",
  );
});

test("a commit never moves lastSeq back, and a turn without effects leaves nothing pending", () => {
  const state = { ...newSessionState(KEY, 1000), lastSeq: 9 };
  const empty: TurnOutcome = {
    turnKey: "3-3",
    lastSeq: 3,
    replies: [],
    transcript: [],
    patch: (s) => s,
  };
  const next = commitOutcome({ ...state, pending: undefined }, empty, "d", 2000);
  assert.equal(next.lastSeq, 9);
  assert.equal(next.pending, undefined);
  const replyOnly = commitOutcome(
    state,
    {
      ...empty,
      replies: replyFor(KEY, "3-3", stored(3, telegramInput(KEY, "x")).data, "y", undefined),
    },
    "d",
    2000,
  );
  assert.equal(replyOnly.pending?.replies.length, 1, "a reply alone is pending");
  const transcriptOnly = commitOutcome(
    state,
    { ...empty, transcript: [{ role: "user", text: "x", ts: 1, sessionId: state.sessionId }] },
    "d",
    2000,
  );
  assert.equal(transcriptOnly.pending?.transcript.length, 1, "a transcript entry alone is pending");
});

test("a reply goes to the input's chat under an id derived from the session and the inputs, with the prefix", () => {
  const input = stored(7, telegramInput(KEY, "hi")).data;
  const [reply] = replyFor(KEY, "7-7", input, "hello", "[bot]");
  assert.equal(reply!.id, replyId(KEY, "7-7"));
  assert.deepEqual(reply!.target, input.replyTarget);
  assert.equal(reply!.text, "[bot] hello");
  assert.equal(reply!.sessionKey, KEY);
  assert.equal(reply!.origin, "agent");
  assert.equal(replyFor(KEY, "7-7", input, "hello", undefined)[0]!.text, "hello");
  assert.deepEqual(
    replyFor(KEY, "7-7", webchatInput(KEY, "hi", "r1") as InboxInput, "x", undefined),
    [],
    "no chat to reply to",
  );
});

test("run ids: the inputs' own (the last one's first), else one made from the session and inputs", () => {
  const web = (seq: number, runId: string) => ({
    ...stored(seq, telegramInput(KEY, "x")),
    data: inboxInputSchema.parse(webchatInput(KEY, "x", runId)),
  });
  assert.deepEqual(runIdsFor(KEY, [web(1, "a"), web(2, "b")]), { runId: "b", runIds: ["a", "b"] });
  assert.deepEqual(runIdsFor(KEY, [web(1, "a"), web(2, "a")]), { runId: "a", runIds: ["a"] });
  assert.deepEqual(runIdsFor(KEY, [web(1, "a"), stored(2, telegramInput(KEY, "x"))]), {
    runId: "a",
    runIds: ["a"],
  });
  const generated = generatedRunId(KEY, "3-4");
  assert.deepEqual(
    runIdsFor(KEY, [stored(3, telegramInput(KEY, "x")), stored(4, telegramInput(KEY, "y"))]),
    {
      runId: generated,
      runIds: [generated],
    },
  );
});

test("an input's transcript entry says who wrote it, where, and whether it is trusted", () => {
  const entry = stored(12, telegramInput(KEY, "hello"));
  assert.deepEqual(userEntry(entry, "s1"), {
    role: "user",
    text: "hello",
    ts: entry.data.receivedAt,
    sessionId: "s1",
    inputSeq: 12,
    runId: undefined,
    sender: { id: "100", name: "alice" },
    channel: "telegram",
    untrusted: true,
  });
  const named = stored(13, telegramInput(KEY, "hi", "100"));
  named.data.message!.sender.displayName = "Alice A.";
  assert.equal(userEntry(named, "s1").sender?.name, "Alice A.");
  const web = { ...entry, data: inboxInputSchema.parse(webchatInput(KEY, "x", "r9")) };
  assert.deepEqual(
    { ...userEntry(web, "s1"), ts: 0 },
    {
      role: "user",
      text: "x",
      ts: 0,
      sessionId: "s1",
      inputSeq: 12,
      runId: "r9",
      sender: undefined,
      channel: "webchat",
      untrusted: false,
    },
  );
});
