import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, describe, it } from "node:test";
import { createInflate } from "node:zlib";
import {
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  Partials,
} from "discord.js";
import type { Message } from "discord.js";
import { WebSocket } from "ws";
import { DiscordFake } from "./discord-fake.js";
import { testImage } from "../shared/test-images.js";

const Token = "MTAxMDEw.fake.token-one";
const AllIntents = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.MessageContent,
];

function newClient(fake: DiscordFake, intents = AllIntents): Client {
  return new Client({ intents, partials: [Partials.Channel], rest: { api: fake.apiBase } });
}

async function login(client: Client, token = Token): Promise<void> {
  const ready = once(client, Events.ClientReady);
  await client.login(token);
  await ready;
}

/** Lets a test await the next messageCreate that matches (rejects after 5 s). */
function inbox(client: Client): (predicate: (m: Message) => boolean) => Promise<Message> {
  return (predicate) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off(Events.MessageCreate, listener);
        reject(new Error("no matching messageCreate within 5 s"));
      }, 5_000);
      const listener = (m: Message): void => {
        if (!predicate(m)) return;
        clearTimeout(timer);
        client.off(Events.MessageCreate, listener);
        resolve(m);
      };
      client.on(Events.MessageCreate, listener);
    });
}

describe("DiscordFake with discord.js", { timeout: 30_000 }, () => {
  const fake = new DiscordFake({ heartbeatIntervalMs: 500 });
  const bot = fake.addBot({ token: Token, username: "clawbot" });
  const alice = fake.addUser("alice");
  const guild = fake.addGuild({
    name: "Home",
    channels: ["general", "random", { name: "ideas", thread: true, parent: "general" }],
  });

  before(() => fake.start());
  after(() => fake.stop());

  it("delivers an attachment whose CDN url serves its bytes until it expires", async () => {
    const client = newClient(fake);
    try {
      const next = inbox(client);
      await login(client);
      const image = testImage("png", 3_000, "cat");
      const received = next((m) => m.attachments.size === 1);
      bot.injectDirectMessage(alice, "see this", {
        attachments: [{ fileName: "cat.png", contentType: "image/png", bytes: image }],
      });
      const message = await received;
      const attachment = message.attachments.first();
      assert.equal(attachment?.name, "cat.png");
      assert.equal(attachment?.contentType, "image/png");
      assert.equal(attachment?.size, 3_000);
      const res = await fetch(attachment?.url ?? "");
      assert.equal(res.status, 200);
      assert.deepEqual(new Uint8Array(await res.arrayBuffer()), image);
      fake.expireAttachment(attachment?.url ?? "");
      assert.equal((await fetch(attachment?.url ?? "")).status, 404);
    } finally {
      await client.destroy();
    }
  });

  it("logs in, caches guild channels, receives a mention and replies", async () => {
    const client = newClient(fake);
    try {
      const next = inbox(client);
      await login(client);
      assert.equal(client.user?.username, "clawbot");
      const cached = client.guilds.cache.get(guild.id);
      assert.deepEqual([...(cached?.channels.cache.values() ?? [])].map((c) => c.name).sort(), [
        "general",
        "ideas",
        "random",
      ]);
      const incoming = next((m) => !m.author.bot);
      const injected = bot.injectGuildMessage(guild, "general", alice, "what's up?", {
        mention: true,
      });
      const received = await incoming;
      assert.equal(received.content, `<@${bot.user.id}> what's up?`);
      assert.equal(received.mentions.users.has(bot.user.id), true);
      assert.equal(received.guildId, guild.id);
      const echoed = next((m) => m.author.id === bot.user.id);
      await received.reply("not much");
      const sent = await bot.waitForSentMessage({ channelId: fake.channelId(guild, "general") });
      assert.equal(sent.content, "not much");
      assert.equal(sent.replyToMessageId, injected.id);
      assert.equal(
        (await echoed).content,
        "not much",
        "the bot sees its own message on the gateway, as on Discord",
      );
      await fake.gatewayLog.waitFor((e) => e.kind === "heartbeat" && e.token === Token);
    } finally {
      await client.destroy();
    }
  });

  it("delivers DMs (channel_type 1, no guild) and thread messages, and routes replies there", async () => {
    const client = newClient(fake);
    try {
      const next = inbox(client);
      await login(client);
      const dm = next((m) => !m.author.bot && m.channel.type === ChannelType.DM);
      bot.injectDirectMessage(alice, "psst");
      const received = await dm;
      assert.equal(received.content, "psst");
      assert.equal(received.guildId, null);
      assert.ok(received.channel.isSendable());
      await received.channel.send("hello in private");
      const sent = await bot.waitForSentMessage({ channelId: bot.dmChannelWith(alice).id });
      assert.equal(sent.content, "hello in private");
      assert.equal(sent.guildId, undefined);
      const threadMessage = next((m) => !m.author.bot && m.channel.isThread());
      bot.injectGuildMessage(guild, "ideas", alice, "thread talk");
      const inThread = await threadMessage;
      await inThread.reply("thread answer");
      const threadReply = await bot.waitForSentMessage({
        channelId: fake.channelId(guild, "ideas"),
      });
      assert.equal(threadReply.content, "thread answer");
      const dmChannel = await client.users.createDM(alice.id);
      assert.equal(dmChannel.id, bot.dmChannelWith(alice).id);
    } finally {
      await client.destroy();
    }
  });

  it("hides content from a bot without the MessageContent intent unless it is mentioned", async () => {
    const client = newClient(fake, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    try {
      const next = inbox(client);
      await login(client);
      const plain = next((m) => !m.author.bot);
      bot.injectGuildMessage(guild, "random", alice, "secret words");
      assert.equal((await plain).content, "");
      const mentioned = next((m) => !m.author.bot);
      bot.injectGuildMessage(guild, "random", alice, "hey you", { mention: true });
      assert.equal((await mentioned).content, `<@${bot.user.id}> hey you`);
    } finally {
      await client.destroy();
    }
  });

  it("answers 429 with Discord's body and headers; discord.js waits and retries", async () => {
    const client = newClient(fake);
    try {
      await login(client);
      fake.failNext("createMessage", { kind: "rateLimit", retryAfter: 0.25 });
      const channel = client.channels.cache.get(fake.channelId(guild, "random"));
      assert.ok(channel?.isSendable());
      const started = Date.now();
      await channel.send("eventually");
      const statuses = fake.calls
        .filter((c) => c.route === "createMessage" && c.body["content"] === "eventually")
        .map((c) => c.status);
      assert.deepEqual(statuses, [429, 200]);
      assert.ok(Date.now() - started >= 250, "the client honoured Retry-After");
      const raw = await fetch(`${fake.apiBase}/v10/channels/${channel.id}/messages`, {
        method: "POST",
        headers: { authorization: `Bot ${Token}`, "content-type": "application/json" },
        body: "{}",
      });
      assert.equal(raw.status, 400);
      assert.deepEqual(await raw.json(), { message: "Cannot send an empty message", code: 50006 });
      fake.failNext("createMessage", { kind: "rateLimit", retryAfter: 1.5 });
      const limited = await fetch(`${fake.apiBase}/v10/channels/${channel.id}/messages`, {
        method: "POST",
        headers: { authorization: `Bot ${Token}`, "content-type": "application/json" },
        body: JSON.stringify({ content: "x" }),
      });
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get("retry-after"), "2");
      assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
      assert.deepEqual(await limited.json(), {
        message: "You are being rate limited.",
        retry_after: 1.5,
        global: false,
      });
      await assert.rejects(
        client.channels.fetch("123456789012345678"),
        (e: unknown) => e instanceof DiscordAPIError && e.code === 10003,
      );
    } finally {
      await client.destroy();
    }
  });

  it("resumes after the gateway closes and replays what was missed", async () => {
    const client = newClient(fake);
    try {
      const next = inbox(client);
      await login(client);
      const resumed = fake.gatewayLog.waitFor((e) => e.kind === "resume" && e.token === Token, {
        timeoutMs: 10_000,
      });
      assert.equal(bot.closeGateway({ code: 4000 }), 1);
      const missed = next((m) => m.content === "while you were away");
      bot.injectGuildMessage(guild, "general", alice, "while you were away");
      await resumed;
      assert.equal((await missed).channelId, fake.channelId(guild, "general"));
      const identifies = fake.gatewayLog.filter(
        (e) => e.kind === "identify" && e.token === Token,
      ).length;
      const connects = fake.gatewayLog.filter(
        (e) => e.kind === "connect" && e.path === "/resume-gateway",
      ).length;
      assert.ok(connects >= 1, "the client reconnected to resume_gateway_url");
      bot.closeGateway({ abrupt: true });
      const again = next((m) => m.content === "after a dropped socket");
      bot.injectGuildMessage(guild, "general", alice, "after a dropped socket");
      await again;
      assert.equal(
        fake.gatewayLog.filter((e) => e.kind === "identify" && e.token === Token).length,
        identifies,
        "no new IDENTIFY",
      );
    } finally {
      await client.destroy();
    }
  });

  it("rejects bad tokens on REST (401) and on the gateway (close 4004)", async () => {
    const client = newClient(fake);
    await assert.rejects(
      client.login("not-a-real-token"),
      (e: unknown) => e instanceof Error && /token/i.test(e.message),
    );
    await client.destroy();
    const ws = new WebSocket(
      `${fake.apiBase.replace(/^http/, "ws").replace(/\/api$/, "")}/gateway?v=10&encoding=json`,
    );
    const hello = await once(ws, "message");
    assert.equal(JSON.parse(String(hello[0])).op, 10);
    ws.send(JSON.stringify({ op: 2, d: { token: "wrong", intents: 513, properties: {} } }));
    const [code, reason] = (await once(ws, "close")) as [number, Buffer];
    assert.equal(code, 4004);
    assert.equal(reason.toString(), "Authentication failed.");
  });

  it("speaks zlib-stream when the client asks for compress=zlib-stream", async () => {
    const ws = new WebSocket(
      `${fake.apiBase.replace(/^http/, "ws").replace(/\/api$/, "")}/gateway?v=10&encoding=json&compress=zlib-stream`,
    );
    const inflate = createInflate();
    const [frame, isBinary] = (await once(ws, "message")) as [Buffer, boolean];
    assert.equal(isBinary, true);
    assert.deepEqual([...frame.subarray(-4)], [0, 0, 255, 255]);
    const text = await new Promise<string>((resolve) => {
      inflate.once("data", (chunk: Buffer) => resolve(chunk.toString()));
      inflate.write(frame);
    });
    assert.equal(JSON.parse(text).op, 10);
    ws.close();
  });
});
