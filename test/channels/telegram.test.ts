import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AgentAbort,
  Buckets,
  ChannelsStatus,
  connectBus,
  PairingApprove,
  PairingList,
  TypedBucket,
  type Bus,
} from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import * as z from "zod";
import {
  startEchoAgent,
  startNatsServer,
  TelegramFake,
  tgGroup,
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

const TOKEN = "7001:telegram-test-token";

describe(
  "telegram connector (grammY against the Telegram fake, real nats-server)",
  { timeout: 120_000 },
  () => {
    let nats: NatsTestServer;
    let fake: TelegramFake;
    let bot: TelegramFakeBot;
    let channels: ChannelsUnderTest;
    let agent: EchoAgent;
    let bus: Bus;
    const alice = tgUser(501, "Alice", "alice");
    const bob = tgUser(502, "Bob", "bob");
    const family = tgGroup(-100777, "Family");

    const config = () => ({
      channels: {
        telegram: {
          dmPolicy: "pairing" as const,
          allowFrom: ["501"],
          groupPolicy: "open" as const,
          groups: { "*": { requireMention: true } },
          apiRoot: fake.apiRoot,
        },
      },
    });

    before(async () => {
      nats = await startNatsServer();
      fake = new TelegramFake();
      await fake.start();
      bot = fake.addBot({ token: TOKEN, username: "claw_test_bot" });
      channels = await startChannelsUnderTest(nats.url, config(), { TELEGRAM_BOT_TOKEN: TOKEN });
      bus = await connectBus({ servers: nats.url, name: "telegram-test", logger: silentLogger });
      agent = startEchoAgent(bus);
      await bot.updates.waitForPoll(15_000);
    });

    after(async () => {
      await agent?.stop();
      await channels?.stop();
      await bus?.drain();
      await fake?.stop();
      await nats?.dispose();
    });

    it("answers a DM from an allowed sender exactly once, quoting it", async () => {
      const update = bot.injectPrivateMessage(alice, "hello there");
      const reply = await bot.waitForSentMessage({ chatId: alice.id, timeoutMs: 15_000 });
      assert.equal(reply.text, "echo: hello there");
      assert.equal(reply.replyToMessageId, update.message?.message_id);
      await pause(1500);
      assert.equal(bot.sentMessages(alice.id).length, 1, "exactly one reply");
    });

    it("ignores a group message without a mention and answers one with a mention or a reply to the bot", async () => {
      bot.injectGroupMessage(family, alice, "just chatting");
      const mentioned = bot.injectGroupMessage(family, alice, "what time is it?", {
        mention: true,
      });
      const first = await bot.waitForSentMessage({ chatId: family.id, timeoutMs: 15_000 });
      assert.equal(
        first.text,
        "echo: what time is it?",
        "the leading @mention is not part of the agent's text",
      );
      assert.equal(first.replyToMessageId, mentioned.message?.message_id);
      bot.injectGroupMessage(family, bob, "and tomorrow?", { replyTo: first.message });
      const second = await bot.waitForSentMessage({ chatId: family.id, n: 2, timeoutMs: 15_000 });
      assert.equal(second.text, "echo: and tomorrow?");
      await pause(1500);
      assert.deepEqual(
        bot.sentMessages(family.id).map((m) => m.text),
        ["echo: what time is it?", "echo: and tomorrow?"],
        "the unmentioned message got nothing",
      );
    });

    it("answers inside a forum topic", async () => {
      const forum = tgGroup(-100888, "Forum", { forum: true });
      bot.addChat(forum);
      bot.injectTopicMessage(forum, alice, 42, "topic question", { mention: true });
      const reply = await bot.waitForSentMessage({ chatId: forum.id, timeoutMs: 15_000 });
      assert.equal(reply.threadId, 42);
      assert.equal(reply.text, "echo: topic question");
    });

    it("pairing: an unknown DM sender gets only a code; once approved, the conversation works", async () => {
      const carol = tgUser(503, "Carol", "carol");
      bot.injectPrivateMessage(carol, "hi, can I talk to you?");
      const codeMessage = await bot.waitForSentMessage({ chatId: carol.id, timeoutMs: 15_000 });
      const code = /Pairing code: ([A-Z2-9]{8})/.exec(codeMessage.text)?.[1];
      assert.ok(code, codeMessage.text);
      assert.doesNotMatch(code, /[01OI]/);
      assert.match(codeMessage.text, /Your Telegram user id: 503/);
      assert.match(codeMessage.text, new RegExp(`clawfleet pairing approve telegram ${code}`));
      bot.injectPrivateMessage(carol, "hello?");
      await pause(1500);
      assert.equal(
        bot.sentMessages(carol.id).length,
        1,
        "no second code, no agent reply before approval",
      );
      assert.equal(
        agent.answered.filter((input) => input.message?.sender.id === "503").length,
        0,
        "nothing reached the agent",
      );

      const { requests } = await bus.request(PairingList, {}, { channel: "telegram" });
      assert.deepEqual(
        requests.map((r) => [r.accountId, r.code, r.senderId, r.senderName]),
        [["default", code, "503", "Carol"]],
      );
      await assert.rejects(
        bus.request(PairingApprove, {}, { channel: "telegram", code: "ZZZZZZZZ" }),
        /no pairing request has code ZZZZZZZZ/,
      );
      await assert.rejects(
        bus.request(PairingApprove, {}, { channel: "tele.gram>", code: code }),
        /channel "tele\.gram>" is not a valid channel name/,
      );
      const approved = await bus.request(
        PairingApprove,
        {},
        { channel: "telegram", code: code.toLowerCase(), notify: true },
      );
      assert.deepEqual([approved.accountId, approved.senderId], ["default", "503"]);
      const note = await bot.waitForSentMessage({ chatId: carol.id, n: 2, timeoutMs: 15_000 });
      assert.match(note.text, /approved/i);
      bot.injectPrivateMessage(carol, "now?");
      const answer = await bot.waitForSentMessage({ chatId: carol.id, n: 3, timeoutMs: 15_000 });
      assert.equal(answer.text, "echo: now?");
      assert.deepEqual(
        (await bus.request(PairingList, {}, {})).requests,
        [],
        "the approved request is no longer pending",
      );
    });

    it("pairing: at most 3 pending requests per account; a 4th unknown sender gets nothing", async () => {
      const strangers = [
        tgUser(511, "S1"),
        tgUser(512, "S2"),
        tgUser(513, "S3"),
        tgUser(514, "S4"),
      ];
      for (const stranger of strangers.slice(0, 3)) {
        bot.injectPrivateMessage(stranger, "hi");
        await bot.waitForSentMessage({ chatId: stranger.id, timeoutMs: 15_000 });
      }
      bot.injectPrivateMessage(strangers[3]!, "hi");
      await channels.waitForLog(
        /no pairing code for sender 514: 3 pairing requests are already pending/,
      );
      assert.equal(bot.sentMessages(strangers[3]!.id).length, 0);
      const { requests } = await bus.request(
        PairingList,
        {},
        { channel: "telegram", accountId: "default" },
      );
      assert.deepEqual(requests.map((r) => r.senderId).sort(), ["511", "512", "513"]);
    });

    it("/stop goes to the session and also aborts its running turn", async () => {
      const aborts: string[] = [];
      const subscription = bus.subscribe(
        AgentAbort,
        {},
        (event) => void aborts.push(event.sessionKey),
      );
      try {
        bot.injectPrivateMessage(alice, "/stop");
        await eventually(() => aborts.length > 0, 15_000, "an agent.abort event");
        assert.match(aborts[0]!, /^agent:main:/);
        await bot.waitForSentMessage({ chatId: alice.id, n: 2, timeoutMs: 15_000 });
      } finally {
        subscription.unsubscribe();
      }
    });

    it("skips malformed updates and keeps going", async () => {
      bot.injectUpdate({ message: { message_id: "not-a-number", chat: "nope" } } as never);
      bot.injectPrivateMessage(alice, "still there?");
      const reply = await eventually(
        () => bot.sentMessages(alice.id).find((m) => m.text === "echo: still there?"),
        15_000,
        "a reply after the bad update",
      );
      assert.ok(reply);
      await channels.waitForLog(/skipped update \d+: malformed message/);
    });

    it("a restart resumes from the offset in KV and answers what arrived while it was down, once", async () => {
      await channels.stop();
      const offsets = await TypedBucket.open(
        bus,
        Buckets.ChannelState,
        z.object({ offset: z.number() }),
      );
      const stored = (await offsets.get("offset.telegram.default"))?.value.offset;
      assert.ok(stored && stored > 100_000_001, `an offset was stored: ${stored}`);
      const callsBefore = fake.calls.all().length;
      const gil = tgUser(520, "Gil");
      bot.injectPrivateMessage(alice, "while you were down");
      bot.injectGroupMessage(family, gil, "also while down", { mention: true });
      channels = await startChannelsUnderTest(nats.url, config(), { TELEGRAM_BOT_TOKEN: TOKEN });
      await eventually(
        () =>
          bot.sentMessages().some((m) => m.text === "echo: also while down") &&
          bot.sentMessages().some((m) => m.text === "echo: while you were down"),
        20_000,
        "both answered",
      );
      const firstPoll = fake.calls
        .all()
        .slice(callsBefore)
        .find((c) => c.method === "getUpdates");
      assert.equal(
        Number(firstPoll?.params["offset"]),
        stored,
        "the new instance asked from the stored offset",
      );
      await pause(1500);
      assert.equal(
        bot.sentMessages().filter((m) => m.text === "echo: while you were down").length,
        1,
      );
    });

    it("reports the account in channels.status: connected, holder, bot name, activity", async () => {
      const status = await bus.request(ChannelsStatus, {}, {});
      const account = status.accounts.find((a) => a.channel === "telegram");
      assert.ok(account);
      assert.equal(account.connected, true);
      assert.equal(account.holder, channels.instanceId);
      assert.equal(account.botName, "@claw_test_bot");
      assert.equal(account.mode, "polling");
      assert.ok(account.lastInboundAt && account.lastOutboundAt, JSON.stringify(account));
    });
  },
);
