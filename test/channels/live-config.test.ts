import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Buckets, ChannelsStatus, TypedBucket, leaseRecordSchema } from "@clawfleet/bus";
import {
  DiscordFake,
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

const TOKEN = "7005:live-config-token";
const DISCORD_TOKEN = "MTExMTEx.live.discord-token";

describe("config changes apply without a restart", { timeout: 120_000 }, () => {
  let nats: NatsTestServer;
  let telegram: TelegramFake;
  let discord: DiscordFake;
  let bot: TelegramFakeBot;
  let channels: ChannelsUnderTest;
  let agent: EchoAgent;
  const frank = tgUser(901, "Frank", "frank");
  const base = () => ({ botToken: TOKEN, apiRoot: telegram.apiRoot });

  before(async () => {
    nats = await startNatsServer();
    telegram = new TelegramFake();
    discord = new DiscordFake();
    await Promise.all([telegram.start(), discord.start()]);
    bot = telegram.addBot({ token: TOKEN, username: "claw_live_bot" });
    discord.addBot({ token: DISCORD_TOKEN, username: "livebot" });
    channels = await startChannelsUnderTest(nats.url, {
      channels: { telegram: { ...base(), enabled: false, dmPolicy: "open" } },
    });
    agent = startEchoAgent(channels.bus);
  });

  after(async () => {
    await agent?.stop();
    await channels?.stop();
    await Promise.all([telegram?.stop(), discord?.stop()]);
    await nats?.dispose();
  });

  it("a disabled channel is listed but not connected", async () => {
    await pause(1500);
    assert.equal(telegram.calls.filter((c) => c.method === "getMe").length, 0);
    const [account] = (await channels.bus.request(ChannelsStatus, {}, {})).accounts;
    assert.deepEqual(
      [account?.channel, account?.configured, account?.enabled, account?.connected],
      ["telegram", true, false, false],
    );
  });

  it("enabling it connects; tightening the DM policy applies at once without reconnecting", async () => {
    channels.setConfig({ channels: { telegram: { ...base(), dmPolicy: "open" } } });
    await bot.updates.waitForPoll(15_000);
    bot.injectPrivateMessage(frank, "first");
    assert.equal(
      (await bot.waitForSentMessage({ chatId: frank.id, timeoutMs: 15_000 })).text,
      "echo: first",
    );
    const logins = telegram.calls.filter((c) => c.method === "getMe").length;

    channels.setConfig({
      channels: { telegram: { ...base(), dmPolicy: "allowlist", allowFrom: ["@someone_else"] } },
    });
    bot.injectPrivateMessage(frank, "second");
    await pause(2000);
    assert.equal(bot.sentMessages(frank.id).length, 1, "not in allowFrom any more: no answer");
    channels.setConfig({
      channels: { telegram: { ...base(), dmPolicy: "allowlist", allowFrom: ["@frank"] } },
    });
    bot.injectPrivateMessage(frank, "third");
    assert.equal(
      (await bot.waitForSentMessage({ chatId: frank.id, n: 2, timeoutMs: 15_000 })).text,
      "echo: third",
    );
    assert.equal(
      telegram.calls.filter((c) => c.method === "getMe").length,
      logins,
      "no reconnect for access changes",
    );
  });

  it("adding a channel connects it; disabling and removing disconnect and release the lease", async () => {
    const leases = await TypedBucket.open(channels.bus, Buckets.Leases, leaseRecordSchema);
    channels.setConfig({
      channels: {
        telegram: { ...base(), dmPolicy: "open" },
        discord: { apiBase: discord.apiBase, token: DISCORD_TOKEN },
      },
    });
    await channels.waitForLog(/logged in to discord as livebot/);
    await eventually(
      async () =>
        (await leases.get("channel.discord.default"))?.value.holder === channels.instanceId,
      10_000,
      "the discord lease",
    );

    channels.setConfig({
      channels: {
        telegram: { ...base(), enabled: false },
        discord: { apiBase: discord.apiBase, token: DISCORD_TOKEN },
      },
    });
    await eventually(
      async () => (await leases.get("channel.telegram.default")) === undefined,
      10_000,
      "the telegram lease released",
    );
    await pause(500);
    assert.equal(bot.updates.polling, false, "no longer polling");
    bot.injectPrivateMessage(frank, "anyone?");
    await pause(1500);
    assert.equal(bot.sentMessages(frank.id).length, 2, "a disabled channel answers nothing");

    channels.setConfig({ channels: { telegram: { ...base(), enabled: false } } });
    await eventually(
      async () => (await leases.get("channel.discord.default")) === undefined,
      10_000,
      "the discord lease released",
    );
    await eventually(
      () => discord.gatewayLog.filter((e) => e.kind === "closed").length > 0,
      10_000,
      "the discord gateway closed",
    );
    const accounts = (await channels.bus.request(ChannelsStatus, {}, {})).accounts.map(
      (a) => a.channel,
    );
    assert.deepEqual(accounts, ["telegram"]);
  });
});
