import assert from "node:assert/strict";
import { test } from "node:test";
import type { InboxInput, StoredEntry } from "@clawfleet/bus";
import { nextBatch } from "./batch.js";

let seq = 0;
function entry(text: string, chat = "1"): StoredEntry<InboxInput> {
  return {
    seq: ++seq,
    subject: "inbox.x",
    time: 0,
    data: {
      id: `i${seq}`,
      sessionKey: "agent:main:main",
      agentId: "main",
      text,
      source: "channel",
      trusted: false,
      receivedAt: 0,
      replyTarget: { channel: "telegram", accountId: "default", peer: { kind: "dm", id: chat } },
    },
  };
}
const options = { mode: "collect" as const, cap: 3, commands: {} };

test("collect folds consecutive messages for one chat, up to the cap", () => {
  const pending = [entry("a"), entry("b"), entry("c"), entry("d")];
  const batch = nextBatch(pending, options);
  assert.equal(batch?.kind, "message");
  assert.deepEqual(batch?.kind === "message" && batch.entries.map((e) => e.data.text), [
    "a",
    "b",
    "c",
  ]);
});

test("followup takes one message per turn", () => {
  const batch = nextBatch([entry("a"), entry("b")], { ...options, mode: "followup" });
  assert.equal(batch?.kind === "message" && batch.entries.length, 1);
});

test("a message for another chat, or a command, ends the batch; a command is its own batch", () => {
  const mixed = nextBatch([entry("a", "1"), entry("b", "2")], options);
  assert.equal(mixed?.kind === "message" && mixed.entries.length, 1);
  const beforeCommand = nextBatch([entry("a"), entry("/status")], options);
  assert.equal(beforeCommand?.kind === "message" && beforeCommand.entries.length, 1);
  const command = nextBatch([entry("/model list"), entry("b")], options);
  assert.deepEqual(command?.kind === "command" && command.command, {
    name: "model",
    action: "list",
  });
  assert.equal(nextBatch([], options), undefined);
});
