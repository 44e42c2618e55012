import assert from "node:assert/strict";
import { test } from "node:test";
import { inboundDedupeId, InboundMessageSchema, parseInboundMessage } from "./inbound-message.js";
import { replyTargetFor, ReplyTargetSchema } from "./reply-target.js";

const valid = {
  channel: "telegram",
  accountId: "default",
  messageId: "42",
  peer: { kind: "group", id: "-1001234567890" },
  sender: { id: "111", username: "alice" },
  text: "hello",
  timestamp: 1_700_000_000_000,
};

test("a minimal message parses and defaults mentioned to false", () => {
  const result = parseInboundMessage(valid);
  assert.ok(result.ok);
  assert.equal(result.message.mentioned, false);
  assert.equal(result.message.replyTo, undefined);
});

test("optional fields are accepted and unknown keys are stripped", () => {
  const message = InboundMessageSchema.parse({
    ...valid,
    channel: "discord",
    mentioned: true,
    replyTo: { messageId: "41" },
    threadId: "900",
    parentChannelId: "800",
    parentChannelName: "general",
    guildId: "700",
    chatTitle: "help-thread",
    futureField: 1,
  });
  assert.equal(message.replyTo?.toBot, false);
  assert.equal(message.parentChannelName, "general");
  assert.equal("futureField" in message, false);
});

test("channels outside the built-in list are accepted when they are slugs", () => {
  assert.ok(parseInboundMessage({ ...valid, channel: "matrix" }).ok);
});

test("garbage is rejected with a path for every problem", () => {
  const result = parseInboundMessage({
    ...valid,
    channel: "Tele gram",
    peer: { kind: "room", id: "" },
    timestamp: -1,
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  const paths = result.errors.map((line) => line.split(":")[0]);
  assert.deepEqual(paths.sort(), ["channel", "peer.id", "peer.kind", "timestamp"]);
});

test("ids containing ':' or whitespace are rejected (they would corrupt session keys)", () => {
  const result = parseInboundMessage({ ...valid, sender: { id: "a:b" } });
  assert.equal(result.ok, false);
  if (!result.ok)
    assert.match(result.errors[0]!, /^sender\.id: must not contain whitespace or ':'/);
  assert.equal(parseInboundMessage({ ...valid, peer: { kind: "dm", id: "a b" } }).ok, false);
});

test("non-objects and missing required fields are reported at the root and by name", () => {
  const result = parseInboundMessage("hello");
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.errors[0]!, /^\(root\): /);
  const missing = parseInboundMessage({ ...valid, text: undefined });
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.match(missing.errors[0]!, /^text: /);
});

test("the dedupe id separates equal message ids in different chats", () => {
  const a = InboundMessageSchema.parse(valid);
  const b = InboundMessageSchema.parse({ ...valid, peer: { kind: "group", id: "-100999" } });
  assert.notEqual(inboundDedupeId(a), inboundDedupeId(b));
  assert.equal(inboundDedupeId(a), "telegram:default:group:-1001234567890:42");
});

test("the reply target answers in the same chat and topic, quoting by default", () => {
  const message = InboundMessageSchema.parse({ ...valid, threadId: "7" });
  const target = replyTargetFor(message);
  assert.deepEqual(target, {
    channel: "telegram",
    accountId: "default",
    peer: { kind: "group", id: "-1001234567890" },
    threadId: "7",
    replyToMessageId: "42",
  });
  assert.ok(ReplyTargetSchema.safeParse(target).success);
  assert.equal(replyTargetFor(message, { quote: false }).replyToMessageId, undefined);
});
