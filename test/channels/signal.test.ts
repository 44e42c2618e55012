import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  ChannelLogin,
  ChannelsStatus,
  ChannelTyping,
  connectBus,
  PairingApprove,
  type Bus,
} from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  SignalCliFake,
  startEchoAgent,
  startNatsServer,
  TelegramFake,
  tgUser,
  type EchoAgent,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { longReplyWithCode } from "./support/long-reply.js";
import {
  eventually,
  pause,
  startChannelsUnderTest,
  type ChannelsUnderTest,
} from "./support/channels-harness.js";

const BOT = "+15550009999";
const ALICE = { number: "+15550100001", name: "Alice" };
const CAROL = { number: "+15550100003", name: "Carol" };
const GROUP = "Z3JvdXAtb25lLWlkLWZvci10ZXN0cw==";

describe(
  "signal connector (signal-cli daemon fake: JSON-RPC + SSE, real nats-server)",
  { timeout: 120_000 },
  () => {
    let nats: NatsTestServer;
    let fake: SignalCliFake;
    let channels: ChannelsUnderTest;
    let agent: EchoAgent;
    let bus: Bus;

    before(async () => {
      nats = await startNatsServer();
      fake = new SignalCliFake(1000);
      await fake.start();
      fake.addAccount(BOT);
      channels = await startChannelsUnderTest(
        nats.url,
        {
          channels: {
            signal: {
              account: BOT,
              httpUrl: fake.url,
              allowFrom: [ALICE.number],
              groupPolicy: "open",
              groups: { "*": { requireMention: true } },
            },
          },
        },
        {},
      );
      bus = await connectBus({ servers: nats.url, name: "signal-test", logger: silentLogger });
      agent = startEchoAgent(bus, {
        reply: (input) => (input.text === "long" ? longReplyWithCode() : `echo: ${input.text}`),
      });
      await eventually(async () => {
        const { accounts } = await bus.request(ChannelsStatus, {}, {});
        return accounts.find((a) => a.channel === "signal")?.connected;
      }, 20_000);
    });

    after(async () => {
      await agent?.stop();
      await channels?.stop();
      await bus?.drain();
      await fake?.stop();
      await nats?.dispose();
    });

    it("answers an allowed DM once, over the account's single event stream", async () => {
      fake.dm(BOT, ALICE, "hello there");
      const [reply] = await fake.waitForSent(ALICE.number);
      assert.equal(reply?.message, "echo: hello there");
      assert.equal(reply?.account, BOT);
      await pause(1000);
      assert.equal(fake.sentTo(ALICE.number).length, 1);
      assert.equal(fake.streamCount(BOT), 1);
    });

    it("pairs an unknown DM sender; after approval answers each message once, in order", async () => {
      fake.dm(BOT, CAROL, "hi?");
      const [codeMessage] = await fake.waitForSent(CAROL.number);
      const code = /Pairing code: ([A-Z2-9]{8})/.exec(codeMessage?.message ?? "")?.[1];
      assert.ok(code, codeMessage?.message);
      fake.dm(BOT, CAROL, "hello?");
      await pause(1500);
      assert.equal(fake.sentTo(CAROL.number).length, 1, "only the code before approval");
      await bus.request(PairingApprove, {}, { channel: "signal", code });
      for (const text of ["one", "two", "three"]) fake.dm(BOT, CAROL, text);
      await fake.waitForSent(CAROL.number, 4);
      await pause(1000);
      assert.deepEqual(
        fake.sentTo(CAROL.number).map((m) => m.message),
        [codeMessage?.message, "echo: one", "echo: two", "echo: three"],
      );
    });

    it("answers in a group only when the bot is mentioned", async () => {
      fake.groupMessage(BOT, GROUP, ALICE, "just chatting");
      fake.groupMessage(BOT, GROUP, ALICE, "what time is it?", { mentionBot: true });
      const [first] = await fake.waitForSent(GROUP);
      assert.equal(first?.message, "echo: what time is it?");
      await pause(1500);
      assert.equal(fake.sentTo(GROUP).length, 1, "the unmentioned message got nothing");
    });

    it("chunks a long reply without splitting a code fence, waiting out a rate limit", async () => {
      const before = fake.sentTo(ALICE.number).length;
      fake.rateLimitNext(1);
      fake.dm(BOT, ALICE, "long");
      const sent = await fake.waitForSent(ALICE.number, before + 2, 20_000);
      await pause(1500);
      const chunks = fake
        .sentTo(ALICE.number)
        .slice(before)
        .map((m) => m.message);
      assert.ok(chunks.length >= 2, `got ${sent.length - before} chunks`);
      for (const chunk of chunks) {
        assert.ok(chunk.length <= 4000);
        assert.equal((chunk.match(/```/g) ?? []).length % 2, 0, "no chunk splits a fence");
      }
      assert.equal(chunks.join("").replace(/\s/g, ""), longReplyWithCode().replace(/\s/g, ""));
    });

    it("shows typing (sendTyping) in a group while a turn runs", async () => {
      const target = {
        channel: "signal",
        accountId: "default",
        peer: { kind: "group" as const, id: GROUP },
      };
      bus.publish(
        ChannelTyping,
        { channel: "signal", account: "default" },
        { target, state: "start", sessionKey: "agent:main:signal:group:x" },
      );
      await eventually(
        () => fake.typing.includes(`group:${GROUP}`),
        10_000,
        "sendTyping to the group",
      );
      bus.publish(
        ChannelTyping,
        { channel: "signal", account: "default" },
        { target, state: "stop", sessionKey: "agent:main:signal:group:x" },
      );
    });

    it("links a device through startLink/finishLink (channels.login)", async () => {
      const params = { channel: "signal", account: "default" };
      const linked = await bus.request(ChannelLogin, params, { step: "start" });
      assert.equal(linked.connected, true, "an account signal-cli knows is already linked");
      const start = await bus.request(ChannelLogin, params, { step: "start", force: true });
      assert.equal(start.connected, false);
      assert.match(start.qr ?? "", /^sgnl:\/\/linkdevice\?uuid=/);
      assert.match(start.qrDataUrl ?? "", /^data:image\/png;base64,/);
      const waiting = bus.request(ChannelLogin, params, { step: "wait", timeoutMs: 20_000 });
      await pause(300);
      fake.scanLink(BOT);
      const done = await waiting;
      assert.equal(done.connected, true, done.message);
      await bus.request(ChannelLogin, params, { step: "start", force: true });
      const other = bus.request(ChannelLogin, params, { step: "wait", timeoutMs: 20_000 });
      await pause(300);
      fake.scanLink("+15550000002");
      const mismatch = await other;
      assert.equal(mismatch.connected, false);
      assert.match(
        mismatch.message,
        /linked \+15550000002, but channels\.signal\.account is \+15550009999/,
      );
    });
  },
);

describe("signal with a number signal-cli does not know", { timeout: 60_000 }, () => {
  it("shows the reason in channels.status while Telegram keeps answering", async () => {
    const nats = await startNatsServer();
    const fake = new SignalCliFake(1000);
    await fake.start();
    fake.addAccount(BOT);
    const telegram = new TelegramFake();
    await telegram.start();
    const tgBot = telegram.addBot({ token: "7007:signal-test", username: "claw_sig_bot" });
    const channels = await startChannelsUnderTest(
      nats.url,
      {
        channels: {
          signal: { account: "+15550000001", httpUrl: fake.url },
          telegram: { dmPolicy: "open", apiRoot: telegram.apiRoot, botToken: "7007:signal-test" },
        },
      },
      {},
    );
    const bus = await connectBus({ servers: nats.url, name: "t", logger: silentLogger });
    const agent = startEchoAgent(bus);
    try {
      const account = await eventually(async () => {
        const { accounts } = await bus.request(ChannelsStatus, {}, {});
        const signal = accounts.find((a) => a.channel === "signal");
        return signal?.lastError ? signal : undefined;
      });
      assert.equal(account.connected, false);
      assert.match(account.lastError ?? "", /signal-cli at .* has no account \+15550000001/);
      const gina = tgUser(1001, "Gina");
      tgBot.injectPrivateMessage(gina, "still there?");
      const reply = await tgBot.waitForSentMessage({ chatId: gina.id, timeoutMs: 15_000 });
      assert.equal(reply.text, "echo: still there?");
    } finally {
      await agent.stop();
      await bus.drain();
      await channels.stop();
      await telegram.stop();
      await fake.stop();
      await nats.dispose();
    }
  });
});
