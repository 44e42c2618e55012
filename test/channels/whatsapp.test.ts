import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  Buckets,
  ChannelLogin,
  ChannelLogout,
  ChannelsStatus,
  connectBus,
  PairingApprove,
  TypedBucket,
  type Bus,
} from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  startEchoAgent,
  startNatsServer,
  WhatsAppFake,
  type EchoAgent,
  type NatsTestServer,
} from "@clawfleet/testkit";
import type { WaSocketFactory } from "@clawfleet/channels";
import * as z from "zod";
import { longReplyWithCode } from "./support/long-reply.js";
import {
  eventually,
  pause,
  startChannelsUnderTest,
  type ChannelsUnderTest,
} from "./support/channels-harness.js";

const STATE_KEY = "test-state-key-0123456789abcdefghijklmnop";
const BOT = "15550100000";
const ALICE = "15550001111";
const CAROL = "15550003333";
const FAMILY = "120363000000000001@g.us";

describe(
  "whatsapp connector (Baileys' socket interface driven by a fake socket, credentials in a real nats-server)",
  { timeout: 180_000 },
  () => {
    let nats: NatsTestServer;
    let fake: WhatsAppFake;
    let channels: ChannelsUnderTest;
    let standby: ChannelsUnderTest | undefined;
    let agent: EchoAgent;
    let bus: Bus;

    const config = () => ({
      channels: {
        whatsapp: {
          dmPolicy: "pairing" as const,
          allowFrom: [`+${ALICE}`],
          groupPolicy: "open" as const,
          groups: { "*": { requireMention: true } },
        },
      },
    });
    const env = { CLAWFLEET_STATE_KEY: STATE_KEY };
    const start = () =>
      startChannelsUnderTest(nats.url, config(), env, {
        whatsappSocket: fake.socketFactory as unknown as WaSocketFactory,
      });
    const status = async () =>
      (await bus.request(ChannelsStatus, {}, {})).accounts.find((a) => a.channel === "whatsapp");
    const login = { channel: "whatsapp", account: "default" };

    before(async () => {
      nats = await startNatsServer();
      fake = new WhatsAppFake();
      channels = await start();
      bus = await connectBus({ servers: nats.url, name: "whatsapp-test", logger: silentLogger });
      agent = startEchoAgent(bus, {
        reply: (input) => (input.text === "long" ? longReplyWithCode() : `echo: ${input.text}`),
      });
    });

    after(async () => {
      await agent?.stop();
      await standby?.stop();
      await channels?.stop();
      await bus?.drain();
      await nats?.dispose();
    });

    it("an unlinked account says so in channels.status and links through a QR login", async () => {
      const unlinked = await eventually(async () => {
        const account = await status();
        return account?.lastError?.includes("not linked") ? account : undefined;
      });
      assert.equal(unlinked.connected, false);
      assert.match(unlinked.lastError ?? "", /clawfleet channels login whatsapp/);

      const shown = await bus.request(ChannelLogin, login, { step: "start" });
      assert.equal(shown.connected, false);
      assert.equal(shown.qr, "fake-qr-1");
      assert.match(shown.qrDataUrl ?? "", /^data:image\/png;base64,/);
      const waiting = bus.request(ChannelLogin, login, { step: "wait", timeoutMs: 20_000 });
      await fake.scanQr(BOT);
      const linked = await waiting;
      assert.equal(linked.connected, true, linked.message);
      const connected = await eventually(async () => {
        const account = await status();
        return account?.connected ? account : undefined;
      });
      assert.equal(connected.botName, `+${BOT}`);
      const again = await bus.request(ChannelLogin, login, { step: "start" });
      assert.deepEqual(again, { connected: true, message: `already linked as +${BOT}` });
    });

    it("keeps the session encrypted in the channel-secrets bucket", async () => {
      const secrets = await TypedBucket.open(
        bus,
        Buckets.ChannelSecrets,
        z.object({ v: z.literal(1), data: z.string() }).loose(),
      );
      const keys = await secrets.keys("whatsapp.default.>");
      assert.ok(keys.includes("whatsapp.default.creds"), keys.join(", "));
      assert.ok(keys.some((key) => key.startsWith("whatsapp.default.keys.pre-key.")));
      const creds = await secrets.get("whatsapp.default.creds");
      const clear = Buffer.from(creds?.value.data ?? "", "base64").toString("latin1");
      assert.ok(creds && !clear.includes(BOT), "the stored creds are not readable without the key");
    });

    it("answers an allowed DM once, marks it read, and pairs an unknown sender", async () => {
      const aliceJid = `${ALICE}@s.whatsapp.net`;
      const hello = fake.dm(ALICE, "hello there", { pushName: "Alice" });
      const [reply] = await fake.waitForSent(aliceJid);
      assert.equal(reply?.text, "echo: hello there");
      await eventually(() => fake.reads.includes(hello.key.id), 5000, "read receipt");

      const carolJid = `${CAROL}@s.whatsapp.net`;
      fake.dm(CAROL, "hi, can I talk to you?", { pushName: "Carol" });
      const [codeMessage] = await fake.waitForSent(carolJid);
      const code = /Pairing code: ([A-Z2-9]{8})/.exec(codeMessage?.text ?? "")?.[1];
      assert.ok(code, codeMessage?.text);
      fake.dm(CAROL, "hello?");
      await pause(1500);
      assert.equal(fake.sentTo(carolJid).length, 1, "only the code before approval");
      assert.equal(
        agent.answered.filter((input) => input.message?.sender.id === `+${CAROL}`).length,
        0,
      );
      await bus.request(PairingApprove, {}, { channel: "whatsapp", code });
      for (const text of ["one", "two", "three"]) fake.dm(CAROL, text);
      const answers = await fake.waitForSent(carolJid, 4);
      await pause(1000);
      assert.deepEqual(
        fake.sentTo(carolJid).map((m) => m.text),
        [codeMessage?.text, "echo: one", "echo: two", "echo: three"],
        "each answered once, in order",
      );
      assert.equal(answers.length, 4);
    });

    it("replies into a chat with disappearing messages on disappear with the chat's timer", async () => {
      const aliceJid = `${ALICE}@s.whatsapp.net`;
      const before = fake.sentTo(aliceJid).length;
      const week = 7 * 24 * 3600;
      fake.dm(ALICE, "this chat forgets", { envelope: "ephemeralMessage", expiration: week });
      const vanishing = await fake.waitForSent(aliceJid, before + 1);
      assert.equal(vanishing.at(-1)?.text, "echo: this chat forgets");
      assert.equal(vanishing.at(-1)?.expiration, week);
      // Turned off on the phone: the next message carries no timer, and neither does the reply.
      fake.dm(ALICE, "remember this");
      const kept = await fake.waitForSent(aliceJid, before + 2);
      assert.equal(kept.at(-1)?.text, "echo: remember this");
      assert.equal(kept.at(-1)?.expiration, undefined);
    });

    it("answers in a group only when mentioned or replied to", async () => {
      fake.group(FAMILY, ALICE, "just chatting");
      fake.group(FAMILY, ALICE, `@${BOT} what time is it?`, {
        mentions: [`${BOT}@s.whatsapp.net`],
      });
      const [first] = await fake.waitForSent(FAMILY);
      assert.equal(first?.text, "echo: what time is it?");
      fake.group(FAMILY, ALICE, "and tomorrow?", { replyToBot: first?.id ?? "" });
      await fake.waitForSent(FAMILY, 2);
      await pause(1500);
      assert.deepEqual(
        fake.sentTo(FAMILY).map((m) => m.text),
        ["echo: what time is it?", "echo: and tomorrow?"],
      );
    });

    it("chunks a long reply without splitting the code fence, and names media after its caption", async () => {
      const aliceJid = `${ALICE}@s.whatsapp.net`;
      const before = fake.sentTo(aliceJid).length;
      fake.dm(ALICE, "long");
      const sent = await fake.waitForSent(aliceJid, before + 2);
      const chunks = sent.slice(before).map((m) => m.text);
      assert.ok(chunks.every((chunk) => chunk.length <= 4000));
      for (const chunk of chunks)
        assert.equal((chunk.match(/```/g) ?? []).length % 2, 0, "no chunk splits a fence");
      assert.equal(
        chunks.join("\n\n").replace(/\s+/g, ""),
        longReplyWithCode().replace(/\s+/g, ""),
      );

      // Media the agent does not get as an image is named after the caption (images: inbound-images-whatsapp).
      fake.dm(ALICE, "", { media: { kind: "video", caption: "huge", bytes: 80_000_000 } });
      fake.dm(ALICE, "", { media: { kind: "document", bytes: 3000, fileName: "notes.pdf" } });
      const video = await eventually(() => agent.answered.find((i) => i.text.startsWith("huge")));
      assert.equal(video.text, "huge\n<media:video video/mp4, 76.3 MB>");
      const document = await eventually(() =>
        agent.answered.find((i) => i.text.startsWith("<media:document")),
      );
      assert.equal(document.text, "<media:document application/pdf notes.pdf, 3 KB>");
      assert.equal(fake.downloads.length, 0, "nothing but images is downloaded");
    });

    it("a standby resumes the stored session when the holder stops; nothing is lost or doubled", async () => {
      standby = await start();
      await pause(1000);
      const holderSocket = fake.openSocket()?.index;
      await channels.stop();
      await eventually(
        () => fake.openSocket() && fake.openSocket()?.index !== holderSocket,
        20_000,
        "standby connected with the stored creds",
      );
      const aliceJid = `${ALICE}@s.whatsapp.net`;
      const before = fake.sentTo(aliceJid).length;
      fake.dm(ALICE, "after takeover");
      const sent = await fake.waitForSent(aliceJid, before + 1);
      assert.equal(sent.at(-1)?.text, "echo: after takeover");
      await pause(1500);
      assert.equal(fake.sentTo(aliceJid).length, before + 1, "answered once");
    });

    it("a logout from the phone shows in channels.status; channels.logout forgets the session", async () => {
      fake.logoutFromPhone();
      const loggedOut = await eventually(async () => {
        const account = await status();
        return account &&
          !account.connected &&
          /logged this device out/.test(account.lastError ?? "")
          ? account
          : undefined;
      });
      assert.match(loggedOut.lastError ?? "", /clawfleet channels login whatsapp/);
      const secrets = await TypedBucket.open(bus, Buckets.ChannelSecrets, z.unknown());
      await eventually(async () => (await secrets.keys("whatsapp.default.>")).length === 0);

      await bus.request(ChannelLogin, login, { step: "start" });
      await fake.scanQr(BOT);
      await eventually(async () => (await status())?.connected, 15_000, "linked again");
      const out = await bus.request(ChannelLogout, login, {});
      assert.equal(out.loggedOut, true);
      await eventually(async () => (await secrets.keys("whatsapp.default.>")).length === 0);
      await eventually(async () => /logged out with/.test((await status())?.lastError ?? ""));

      const shown = await bus.request(ChannelLogin, login, { step: "start" });
      const holderLog = (standby ?? channels).logs
        .map((line) => `${String(line.time ?? "")} ${String(line.level)} ${String(line.msg)}`)
        .slice(-40)
        .join("\n");
      assert.ok(shown.qr, `no QR: ${shown.message}\n${holderLog}`);
      const waiting = bus.request(ChannelLogin, login, { step: "wait", timeoutMs: 20_000 });
      fake.expireQr();
      const expired = await waiting;
      assert.equal(expired.connected, false);
      assert.match(expired.message, /QR code expired/);
      assert.equal(fake.qrSocket(), undefined, "no new QR until someone asks for one");
    });
  },
);

describe("whatsapp without CLAWFLEET_STATE_KEY", { timeout: 60_000 }, () => {
  it("refuses clearly and does not connect", async () => {
    const nats = await startNatsServer();
    const channels = await startChannelsUnderTest(nats.url, { channels: { whatsapp: {} } }, {});
    try {
      await channels.waitForLog(
        /whatsapp\/default: WhatsApp keeps its session encrypted.*CLAWFLEET_STATE_KEY/,
      );
    } finally {
      await channels.stop();
      await nats.dispose();
    }
  });
});
