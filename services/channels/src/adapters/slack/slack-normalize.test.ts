import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeSlackMessage } from "./slack-normalize.js";

const bot = { id: "U0BOT1", username: "claw", label: "@claw" };

test("an im is a DM; a channel message in a thread keeps the thread; <@bot> is a mention", () => {
  const dm = normalizeSlackMessage(
    {
      type: "message",
      channel: "D1",
      channel_type: "im",
      user: "U0ALICE",
      text: "hi",
      ts: "1700000000.000100",
    },
    "default",
    bot,
  );
  assert.ok(dm.ok);
  assert.deepEqual(dm.message.peer, { kind: "dm", id: "D1" });
  assert.equal(dm.message.timestamp, 1_700_000_000_000);
  const thread = normalizeSlackMessage(
    {
      type: "message",
      channel: "C1",
      channel_type: "channel",
      user: "U0ALICE",
      text: "<@U0BOT1> ok?",
      ts: "1700000001.000100",
      thread_ts: "1700000000.000100",
    },
    "default",
    bot,
  );
  assert.ok(thread.ok);
  assert.equal(thread.message.mentioned, true);
  assert.equal(thread.message.threadId, "1700000000.000100");
  assert.deepEqual(thread.message.peer, { kind: "channel", id: "C1" });
});

test("edits, bot messages and the bot's own messages are skipped", () => {
  const base = { type: "message", channel: "C1", text: "x", ts: "1.1" };
  assert.equal(
    normalizeSlackMessage({ ...base, subtype: "message_changed", user: "U1" }, "d", bot).ok,
    false,
  );
  assert.equal(normalizeSlackMessage({ ...base, bot_id: "B1", user: "U1" }, "d", bot).ok, false);
  assert.equal(normalizeSlackMessage({ ...base, user: "U0BOT1" }, "d", bot).ok, false);
});
