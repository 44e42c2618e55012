import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ChannelTyping, Outbox } from "@clawfleet/bus";
import { deadLetterCount, DeadLetterReason, publishRawToStream } from "@clawfleet/bus/testing";
import {
  startEchoAgent,
  startNatsServer,
  TelegramFake,
  tgUser,
  type EchoAgent,
  type NatsTestServer,
  type TelegramFakeBot,
} from "@clawfleet/testkit";
import {
  eventually,
  pause,
  startChannelsUnderTest,
  type ChannelsUnderTest,
} from "./support/channels-harness.js";
import { longReplyWithCode } from "./support/long-reply.js";

const TOKEN = "7002:delivery-test-token";

function fencesBalanced(chunk: string): boolean {
  return (chunk.match(/^```/gm) ?? []).length % 2 === 0;
}

describe("outbound delivery (Telegram fake, real nats-server)", { timeout: 120_000 }, () => {
  let nats: NatsTestServer;
  let fake: TelegramFake;
  let bot: TelegramFakeBot;
  let channels: ChannelsUnderTest;
  let agent: EchoAgent;
  const dave = tgUser(601, "Dave", "dave");
  const replies = new Map<string, string>();

  before(async () => {
    nats = await startNatsServer();
    fake = new TelegramFake();
    await fake.start();
    bot = fake.addBot({ token: TOKEN, username: "claw_delivery_bot" });
    channels = await startChannelsUnderTest(nats.url, {
      channels: { telegram: { dmPolicy: "open", apiRoot: fake.apiRoot, botToken: TOKEN } },
    });
    agent = startEchoAgent(channels.bus, {
      reply: (input) => replies.get(input.text) ?? `echo: ${input.text}`,
    });
    await bot.updates.waitForPoll(15_000);
  });

  after(async () => {
    await agent?.stop();
    await channels?.stop();
    await fake?.stop();
    await nats?.dispose();
  });

  it("splits a 5,000-character reply with a code block into messages of at most 4,000, never inside the fence", async () => {
    const text = longReplyWithCode();
    assert.equal(text.length, 5000);
    replies.set("long please", text);
    const trigger = bot.injectPrivateMessage(dave, "long please");
    const second = await bot.waitForSentMessage({ chatId: dave.id, n: 2, timeoutMs: 15_000 });
    await pause(1000);
    const sent = bot.sentMessages(dave.id).map((m) => m.text);
    assert.equal(sent.length, 2, `two messages, got ${sent.length}`);
    for (const chunk of sent) {
      assert.ok(chunk.length <= 4000, `chunk of ${chunk.length}`);
      assert.ok(fencesBalanced(chunk), `a fence is split:\n${chunk.slice(-200)}`);
    }
    assert.ok(sent[1]!.startsWith("```ts"), "the code block starts the second message whole");
    assert.equal(
      sent.join("").replace(/\s+/g, ""),
      text.replace(/\s+/g, ""),
      "nothing lost or added",
    );
    assert.equal(
      bot.sentMessages(dave.id)[0]!.replyToMessageId,
      trigger.message?.message_id,
      "the first chunk replies to the trigger",
    );
    assert.equal(second.replyToMessageId, undefined, "later chunks do not quote again");
  });

  it("waits out a 429 retry_after and delivers the message once", async () => {
    fake.failNext("sendMessage", { kind: "rateLimit", retryAfter: 2 });
    const started = Date.now();
    bot.injectPrivateMessage(dave, "rate limited");
    await eventually(
      () => bot.sentMessages(dave.id).find((m) => m.text === "echo: rate limited"),
      20_000,
      "the rate-limited reply",
    );
    assert.ok(Date.now() - started >= 2000, "waited the retry_after");
    await pause(1500);
    const attempts = fake.calls
      .filter((c) => c.method === "sendMessage" && c.params["text"] === "echo: rate limited")
      .map((c) => c.status);
    assert.deepEqual(attempts, [429, 200]);
    assert.equal(
      bot.sentMessages(dave.id).filter((m) => m.text === "echo: rate limited").length,
      1,
    );
  });

  it("never sends a redelivered outbox message twice, also when it failed halfway", async () => {
    const target = {
      channel: "telegram",
      accountId: "default",
      peer: { kind: "dm" as const, id: String(dave.id) },
    };
    const message = { id: "reply-abc", target, text: "only once, please", createdAt: Date.now() };
    await channels.bus.jsPublish(Outbox, { channel: "telegram", account: "default" }, message, {
      msgID: "first-publish",
    });
    await eventually(
      () => bot.sentMessages(dave.id).find((m) => m.text === "only once, please"),
      15_000,
      "the first delivery",
    );
    // An agent that crashed after publishing re-publishes its pending reply (new stream message, same id).
    await channels.bus.jsPublish(Outbox, { channel: "telegram", account: "default" }, message, {
      msgID: "second-publish",
    });
    await pause(2000);
    assert.equal(bot.sentMessages(dave.id).filter((m) => m.text === "only once, please").length, 1);

    // Three chunks; the second fails with a 500, so the whole message comes back; chunk 1 must not repeat.
    const parts = ["part one ".repeat(300), "part two ".repeat(300), "part three ".repeat(300)].map(
      (p) => p.trim(),
    );
    fake.failNext("sendMessage", { kind: "delay", ms: 0 }, 1);
    fake.failNext(
      "sendMessage",
      { kind: "error", code: 500, description: "Internal Server Error" },
      1,
    );
    await channels.bus.jsPublish(
      Outbox,
      { channel: "telegram", account: "default" },
      { id: "reply-three-parts", target, text: parts.join("\n\n"), createdAt: Date.now() },
      { msgID: "three" },
    );
    await eventually(
      () => bot.sentMessages(dave.id).some((m) => m.text.startsWith("part three")),
      20_000,
      "the last chunk",
    );
    await pause(1000);
    const texts = bot.sentMessages(dave.id).map((m) => m.text);
    for (const prefix of ["part one", "part two", "part three"]) {
      assert.equal(texts.filter((t) => t.startsWith(prefix)).length, 1, `${prefix} sent once`);
    }
  });

  it("dead-letters outbox payloads it cannot deliver and keeps delivering the next ones (invariant 6)", async () => {
    const before = (reason: DeadLetterReason) => deadLetterCount(channels.bus, reason);
    const [invalidBefore, rejectedBefore] = [
      await before(DeadLetterReason.Invalid),
      await before(DeadLetterReason.Rejected),
    ];
    await publishRawToStream(
      channels.bus,
      "outbox.telegram.default",
      '{"not":"an outbox message"}',
    );
    const elsewhere = {
      channel: "discord",
      accountId: "default",
      peer: { kind: "dm" as const, id: "1" },
    };
    await channels.bus.jsPublish(
      Outbox,
      { channel: "telegram", account: "default" },
      { id: "misrouted", target: elsewhere, text: "wrong way", createdAt: Date.now() },
      { msgID: "misrouted" },
    );
    const target = {
      channel: "telegram",
      accountId: "default",
      peer: { kind: "dm" as const, id: String(dave.id) },
    };
    await channels.bus.jsPublish(
      Outbox,
      { channel: "telegram", account: "default" },
      { id: "after-bad-ones", target, text: "after the bad ones", createdAt: Date.now() },
      { msgID: "after-bad-ones" },
    );
    await eventually(
      () => bot.sentMessages(dave.id).some((m) => m.text === "after the bad ones"),
      15_000,
      "the valid message after the bad ones",
    );
    await eventually(
      async () =>
        (await before(DeadLetterReason.Invalid)) > invalidBefore &&
        (await before(DeadLetterReason.Rejected)) > rejectedBefore,
      10_000,
      "both bad messages dead-lettered",
    );
    assert.ok(!bot.sentMessages().some((m) => m.text === "wrong way"));
  });

  it("shows typing while a turn runs and stops on stop", async () => {
    const target = {
      channel: "telegram",
      accountId: "default",
      peer: { kind: "dm" as const, id: String(dave.id) },
    };
    const typingCalls = () =>
      fake.calls.filter((c) => c.method === "sendChatAction" && c.params["chat_id"] === dave.id)
        .length;
    channels.bus.publish(
      ChannelTyping,
      { channel: "telegram", account: "default" },
      { target, state: "start", sessionKey: "agent:main:main" },
    );
    await eventually(() => typingCalls() >= 2, 15_000, "a renewed typing indicator");
    channels.bus.publish(
      ChannelTyping,
      { channel: "telegram", account: "default" },
      { target, state: "stop", sessionKey: "agent:main:main" },
    );
    await pause(500);
    const afterStop = typingCalls();
    await pause(5000);
    assert.equal(typingCalls(), afterStop, "no typing after stop");
  });
});
