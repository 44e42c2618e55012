import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeTelegramUpdate } from "./telegram-normalize.js";

const bot = { id: "42", username: "claw_bot", label: "@claw_bot" };
const alice = { id: 100, is_bot: false, first_name: "Alice", last_name: "A", username: "alice" };
const group = { id: -1001, type: "supergroup", title: "Family" };

function update(message: Record<string, unknown>) {
  return { update_id: 1, message: { message_id: 7, date: 1_700_000_000, ...message } };
}

test("a private message is a DM whose peer is the user", () => {
  const result = normalizeTelegramUpdate(
    update({ chat: { id: 100, type: "private" }, from: alice, text: "hi" }),
    "default",
    bot,
  );
  assert.ok(result.ok);
  assert.deepEqual(result.message.peer, { kind: "dm", id: "100" });
  assert.deepEqual(result.message.sender, { id: "100", username: "alice", displayName: "Alice A" });
  assert.equal(result.message.timestamp, 1_700_000_000_000);
  assert.equal(result.message.mentioned, false);
});

test("mentions: @bot entity (any case), text mention, /cmd@bot; replies to the bot", () => {
  const mention = normalizeTelegramUpdate(
    update({
      chat: group,
      from: alice,
      text: "@Claw_Bot hi",
      entities: [{ type: "mention", offset: 0, length: 9 }],
    }),
    "default",
    bot,
  );
  assert.ok(mention.ok && mention.message.mentioned);
  const other = normalizeTelegramUpdate(
    update({
      chat: group,
      from: alice,
      text: "@other_bot hi",
      entities: [{ type: "mention", offset: 0, length: 10 }],
    }),
    "default",
    bot,
  );
  assert.ok(other.ok && !other.message.mentioned);
  const textMention = normalizeTelegramUpdate(
    update({
      chat: group,
      from: alice,
      text: "Claw hi",
      entities: [
        {
          type: "text_mention",
          offset: 0,
          length: 4,
          user: { id: 42, is_bot: true, first_name: "Claw" },
        },
      ],
    }),
    "default",
    bot,
  );
  assert.ok(textMention.ok && textMention.message.mentioned);
  const command = normalizeTelegramUpdate(
    update({
      chat: group,
      from: alice,
      text: "/status@claw_bot",
      entities: [{ type: "bot_command", offset: 0, length: 16 }],
    }),
    "default",
    bot,
  );
  assert.ok(command.ok && command.message.mentioned);
  const reply = normalizeTelegramUpdate(
    update({
      chat: group,
      from: alice,
      text: "and?",
      reply_to_message: {
        message_id: 5,
        date: 1,
        chat: group,
        from: { id: 42, is_bot: true, first_name: "Claw" },
      },
    }),
    "default",
    bot,
  );
  assert.ok(reply.ok);
  assert.deepEqual(reply.message.replyTo, { messageId: "5", toBot: true });
});

test("forum topics become threads; the topic's implicit reply is not a reply", () => {
  const forum = { ...group, is_forum: true };
  const result = normalizeTelegramUpdate(
    update({
      chat: forum,
      from: alice,
      text: "in topic",
      message_thread_id: 9,
      is_topic_message: true,
      reply_to_message: { message_id: 9, date: 1, chat: forum, forum_topic_created: { name: "T" } },
    }),
    "default",
    bot,
  );
  assert.ok(result.ok);
  assert.equal(result.message.threadId, "9");
  assert.equal(result.message.replyTo, undefined);
  const plain = normalizeTelegramUpdate(
    update({ chat: group, from: alice, text: "no forum", message_thread_id: 3 }),
    "default",
    bot,
  );
  assert.ok(
    plain.ok && plain.message.threadId === undefined,
    "reply threads in non-forum groups are not topics",
  );
});

test("captions count as text; the bot's own, empty and malformed messages are skipped", () => {
  const caption = normalizeTelegramUpdate(
    update({ chat: { id: 100, type: "private" }, from: alice, caption: "a photo" }),
    "default",
    bot,
  );
  assert.ok(caption.ok && caption.message.text === "a photo");
  const own = normalizeTelegramUpdate(
    update({ chat: group, from: { id: 42, is_bot: true, first_name: "C" }, text: "me" }),
    "default",
    bot,
  );
  assert.deepEqual(own, { ok: false, reason: "the bot's own message", invalid: false });
  const sticker = normalizeTelegramUpdate(update({ chat: group, from: alice }), "default", bot);
  assert.equal(sticker.ok, false);
  const broken = normalizeTelegramUpdate(
    { update_id: 3, message: { chat: "nope" } },
    "default",
    bot,
  );
  assert.equal(broken.ok, false);
  assert.ok(!broken.ok && broken.invalid);
  assert.deepEqual(normalizeTelegramUpdate({ update_id: 4 }, "default", bot), {
    ok: false,
    reason: "not a message",
    invalid: false,
  });
});

test("channel posts are channel peers with the channel as sender", () => {
  const channel = { id: -100555, type: "channel", title: "News", username: "news" };
  const result = normalizeTelegramUpdate(
    {
      update_id: 5,
      channel_post: { message_id: 1, date: 1, chat: channel, sender_chat: channel, text: "post" },
    },
    "default",
    bot,
  );
  assert.ok(result.ok);
  assert.deepEqual(
    [result.message.peer.kind, result.message.sender.id, result.message.sender.username],
    ["channel", "-100555", "news"],
  );
});
