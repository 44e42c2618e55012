import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ChannelsStatus, PairingApprove } from "@clawfleet/bus";
import {
  DiscordFake,
  startEchoAgent,
  startNatsServer,
  TelegramFake,
  tgUser,
  type DiscordFakeBot,
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

const DISCORD_TOKEN = "MTIzNDU2.discord.test-token";

describe(
  "discord connector (discord.js against the Discord fake, real nats-server)",
  { timeout: 120_000 },
  () => {
    let nats: NatsTestServer;
    let fake: DiscordFake;
    let bot: DiscordFakeBot;
    let channels: ChannelsUnderTest;
    let agent: EchoAgent;
    const replies = new Map<string, string>();
    let guildId = "";

    before(async () => {
      nats = await startNatsServer();
      fake = new DiscordFake({ heartbeatIntervalMs: 1000 });
      await fake.start();
      bot = fake.addBot({ token: DISCORD_TOKEN, username: "clawbot" });
      const guild = fake.addGuild({
        name: "Home",
        channels: ["general", "random", { name: "ideas", thread: true, parent: "general" }],
      });
      guildId = guild.id;
      channels = await startChannelsUnderTest(
        nats.url,
        {
          channels: {
            discord: {
              groupPolicy: "allowlist",
              guilds: {
                [guild.id]: { requireMention: false, channels: { general: { allow: true } } },
              },
              apiBase: fake.apiBase,
            },
          },
        },
        { DISCORD_BOT_TOKEN: DISCORD_TOKEN },
      );
      agent = startEchoAgent(channels.bus, {
        reply: (input) => replies.get(input.text) ?? `echo: ${input.text}`,
      });
      await channels.waitForLog(/^\[discord\] logged in to discord as clawbot$/);
    });

    after(async () => {
      await agent?.stop();
      await channels?.stop();
      await fake?.stop();
      await nats?.dispose();
    });

    it("logs the seed's line: [discord] logged in to discord as <tag>", async () => {
      const line = await channels.waitForLog(/^\[discord\] logged in to discord as clawbot$/);
      assert.equal(line.subsystem, "discord");
    });

    it("answers in an allowed guild channel (replying to the message) and ignores another channel", async () => {
      const alice = fake.addUser("alice");
      const guild = fake.world.guilds.get(guildId)!;
      bot.injectGuildMessage(guild, "random", alice, "anyone here?");
      const asked = bot.injectGuildMessage(guild, "general", alice, "hello bot");
      const reply = await bot.waitForSentMessage({
        channelId: fake.channelId(guild, "general"),
        timeoutMs: 15_000,
      });
      assert.equal(reply.content, "echo: hello bot");
      assert.equal(reply.replyToMessageId, asked.id);
      await pause(1500);
      assert.equal(
        bot.sentMessages(fake.channelId(guild, "random")).length,
        0,
        "the other channel got nothing",
      );
      assert.equal(
        bot.sentMessages().length,
        1,
        "one reply in all (the bot's own message coming back is ignored)",
      );
    });

    it("a thread follows its parent channel's rules and is answered in the thread", async () => {
      const alice = fake.addUser("alice2");
      const guild = fake.world.guilds.get(guildId)!;
      bot.injectGuildMessage(guild, "ideas", alice, "thread idea");
      const reply = await bot.waitForSentMessage({
        channelId: fake.channelId(guild, "ideas"),
        timeoutMs: 15_000,
      });
      assert.equal(reply.content, "echo: thread idea");
    });

    it("splits a long reply at 2,000 characters without breaking the code block", async () => {
      const alice = fake.addUser("alice3");
      const guild = fake.world.guilds.get(guildId)!;
      const text = longReplyWithCode();
      replies.set("long one", text);
      bot.injectGuildMessage(guild, "general", alice, "long one");
      const channelId = fake.channelId(guild, "general");
      await eventually(
        () =>
          bot.sentMessages(channelId).some((m) => m.content.includes("```ts")) &&
          bot.sentMessages(channelId).length >= 4,
        15_000,
        "the chunks",
      );
      await pause(1000);
      const chunks = bot
        .sentMessages(channelId)
        .slice(1)
        .map((m) => m.content);
      for (const chunk of chunks) {
        assert.ok(chunk.length <= 2000, `chunk of ${chunk.length}`);
        assert.equal(
          (chunk.match(/^```/gm) ?? []).length % 2,
          0,
          "every chunk renders its fences on its own",
        );
      }
      assert.equal(
        chunks.join("").replace(/```ts|```|\s+/g, ""),
        text.replace(/```ts|```|\s+/g, ""),
      );
    });

    it("waits out a 429 retry_after and delivers the reply once", async () => {
      const guild = fake.world.guilds.get(guildId)!;
      const alice = fake.addUser("alice4");
      fake.failNext("createMessage", { kind: "rateLimit", retryAfter: 1 });
      bot.injectGuildMessage(guild, "general", alice, "slow down");
      await eventually(
        () => bot.sentMessages().find((m) => m.content === "echo: slow down"),
        20_000,
        "the rate-limited reply",
      );
      await pause(1500);
      const attempts = fake.calls
        .filter((c) => c.route === "createMessage" && c.body["content"] === "echo: slow down")
        .map((c) => c.status);
      assert.deepEqual(attempts, [429, 200]);
    });

    it("keeps answering after the gateway connection drops", async () => {
      const guild = fake.world.guilds.get(guildId)!;
      const alice = fake.addUser("alice5");
      bot.closeGateway({ abrupt: true });
      bot.injectGuildMessage(guild, "general", alice, "after the drop");
      await eventually(
        () => bot.sentMessages().find((m) => m.content === "echo: after the drop"),
        30_000,
        "a reply after reconnecting",
      );
    });

    it("a DM under dmPolicy pairing gets a code and nothing else", async () => {
      const mallory = fake.addUser("mallory");
      bot.injectDirectMessage(mallory, "let me in");
      const dmChannel = bot.dmChannelWith(mallory).id;
      const code = await bot.waitForSentMessage({ channelId: dmChannel, timeoutMs: 15_000 });
      assert.match(code.content, /Your Discord user id: \d+/);
      const pairingCode = /Pairing code: ([A-Z2-9]{8})/.exec(code.content)?.[1];
      assert.ok(pairingCode);
      assert.equal(agent.answered.filter((i) => i.message?.sender.id === mallory.id).length, 0);
      await channels.bus.request(PairingApprove, {}, { channel: "discord", code: pairingCode });
      bot.injectDirectMessage(mallory, "and now?");
      const answer = await bot.waitForSentMessage({
        channelId: dmChannel,
        n: 2,
        timeoutMs: 15_000,
      });
      assert.equal(answer.content, "echo: and now?");
    });
  },
);

describe("isolation: a wrong Discord token", { timeout: 120_000 }, () => {
  it("shows up in channels.status with a clear error while Telegram keeps answering", async () => {
    const nats = await startNatsServer();
    const discord = new DiscordFake();
    const telegram = new TelegramFake();
    await Promise.all([discord.start(), telegram.start()]);
    discord.addBot({ token: DISCORD_TOKEN, username: "clawbot" });
    const tgBot = telegram.addBot({ token: "7003:isolation-token", username: "claw_iso_bot" });
    const channels = await startChannelsUnderTest(nats.url, {
      channels: {
        discord: { token: "this-is-not-the-token", apiBase: discord.apiBase },
        telegram: { botToken: "7003:isolation-token", apiRoot: telegram.apiRoot, dmPolicy: "open" },
      },
    });
    const agent = startEchoAgent(channels.bus);
    try {
      const status = await eventually(
        async () => {
          const reply = await channels.bus.request(ChannelsStatus, {}, {});
          const account = reply.accounts.find((a) => a.channel === "discord");
          return account?.lastError ? reply : undefined;
        },
        20_000,
        "a Discord error in channels.status",
      );
      const discordStatus = status.accounts.find((a) => a.channel === "discord")!;
      assert.equal(discordStatus.connected, false);
      assert.match(
        discordStatus.lastError!,
        /Discord rejected the bot token.*channels\.discord\.token/,
      );
      assert.doesNotMatch(
        JSON.stringify(status),
        /this-is-not-the-token/,
        "the token never appears in status",
      );
      const dan = tgUser(701, "Dan");
      tgBot.injectPrivateMessage(dan, "are you alive?");
      const reply = await tgBot.waitForSentMessage({ chatId: dan.id, timeoutMs: 15_000 });
      assert.equal(reply.text, "echo: are you alive?");
      const tgStatus = (await channels.bus.request(ChannelsStatus, {}, {})).accounts.find(
        (a) => a.channel === "telegram",
      )!;
      assert.equal(tgStatus.connected, true);
      assert.equal(tgStatus.lastError, undefined);
      assert.ok(
        !channels.logs.some((l) => JSON.stringify(l).includes("this-is-not-the-token")),
        "the token never appears in logs",
      );
    } finally {
      await agent.stop();
      await channels.stop();
      await Promise.all([discord.stop(), telegram.stop()]);
      await nats.dispose();
    }
  });
});

describe("a Discord bot without the Message Content intent enabled", { timeout: 60_000 }, () => {
  it("is reported with what to switch on in the developer portal, not retried in a tight loop", async () => {
    const nats = await startNatsServer();
    const discord = new DiscordFake();
    await discord.start();
    discord.addBot({ token: DISCORD_TOKEN, username: "clawbot", privilegedIntents: 0 });
    const channels = await startChannelsUnderTest(nats.url, {
      channels: { discord: { token: DISCORD_TOKEN, apiBase: discord.apiBase } },
    });
    try {
      const account = await eventually(
        async () => {
          const reply = await channels.bus.request(ChannelsStatus, {}, {});
          return reply.accounts.find((a) => /4014/.test(a.lastError ?? ""));
        },
        20_000,
        "the 4014 error in channels.status",
      );
      assert.match(account.lastError!, /enable the Message Content intent/);
      await channels.waitForLog(
        /cannot connect: Discord refused the gateway intents .*; trying again in \d+ s/,
        10_000,
      );
      assert.equal(account.connected, false);
      await pause(3000);
      const identifies = discord.gatewayLog.filter((e) => e.kind === "identify").length;
      assert.ok(identifies <= 2, `identified ${identifies} times in a few seconds`);
    } finally {
      await channels.stop();
      await discord.stop();
      await nats.dispose();
    }
  });
});
