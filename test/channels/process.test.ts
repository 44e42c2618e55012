import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ChannelsStatus, connectBus, type Bus } from "@clawfleet/bus";
import { ConfigStore } from "@clawfleet/config";
import { silentLogger } from "@clawfleet/log";
import {
  DiscordFake,
  launchCli,
  startEchoAgent,
  startNatsServer,
  TelegramFake,
  tgUser,
  type DiscordFakeBot,
  type EchoAgent,
  type LaunchedCli,
  type NatsTestServer,
  type TelegramFakeBot,
} from "@clawfleet/testkit";
import { eventually } from "./support/channels-harness.js";

const TG_TOKEN = "7007:process-test-token";
const DISCORD_TOKEN = "MTIxMjEy.process.discord-token";

describe("the built `channels` process with both platforms", { timeout: 180_000 }, () => {
  let nats: NatsTestServer;
  let telegram: TelegramFake;
  let discord: DiscordFake;
  let tgBot: TelegramFakeBot;
  let dcBot: DiscordFakeBot;
  let bus: Bus;
  let agent: EchoAgent;
  let proc: LaunchedCli;
  let env: Record<string, string>;
  let guildId = "";
  const config = (discordToken?: string) => ({
    channels: {
      telegram: { dmPolicy: "pairing", apiRoot: telegram.apiRoot },
      discord: {
        groupPolicy: "allowlist",
        guilds: { [guildId]: { requireMention: true, channels: { general: { allow: true } } } },
        ...(discordToken ? { token: discordToken } : {}),
      },
    },
  });

  before(async () => {
    nats = await startNatsServer();
    telegram = new TelegramFake();
    discord = new DiscordFake({ heartbeatIntervalMs: 1000 });
    await Promise.all([telegram.start(), discord.start()]);
    tgBot = telegram.addBot({ token: TG_TOKEN, username: "claw_process_bot" });
    dcBot = discord.addBot({ token: DISCORD_TOKEN, username: "clawbot" });
    guildId = discord.addGuild({ name: "Home", channels: ["general"] }).id;
    const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-channels-"));
    writeFileSync(join(stateDir, "openclaw.json"), JSON.stringify(config()));
    env = {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      DISCORD_BOT_TOKEN: DISCORD_TOKEN,
      DISCORD_API_BASE: discord.apiBase,
    };
    bus = await connectBus({ servers: nats.url, name: "process-test", logger: silentLogger });
    agent = startEchoAgent(bus);
    proc = launchCli(["channels"], env);
    await proc.waitReady(20_000);
  });

  after(async () => {
    await proc?.stop("SIGKILL");
    await agent?.stop();
    await bus?.drain();
    await Promise.all([telegram?.stop(), discord?.stop()]);
    await nats?.dispose();
  });

  it("logs in to Discord with the seed's log line and answers a mention in an allowed channel", async () => {
    await proc.waitForLine(/\[discord\] logged in to discord as clawbot/, 20_000);
    const guild = discord.world.guilds.get(guildId)!;
    const alice = discord.addUser("alice");
    dcBot.injectGuildMessage(guild, "general", alice, "ping", { mention: true });
    const reply = await dcBot.waitForSentMessage({
      channelId: discord.channelId(guild, "general"),
      timeoutMs: 20_000,
    });
    assert.equal(reply.content, "echo: ping");
  });

  it("pairs a Telegram sender with `clawfleet pairing list` and `clawfleet pairing approve`", async () => {
    const hana = tgUser(1101, "Hana", "hana");
    tgBot.injectPrivateMessage(hana, "hello?");
    const codeMessage = await tgBot.waitForSentMessage({ chatId: hana.id, timeoutMs: 20_000 });
    const code = /Pairing code: ([A-Z2-9]{8})/.exec(codeMessage.text)![1]!;
    const list = launchCli(["pairing", "list", "telegram"], { NATS_URL: nats.url });
    assert.equal((await list.exited).code, 0, list.lines.join("\n"));
    assert.ok(
      list.lines.some((l) => l.includes(code) && l.includes("1101 (Hana)")),
      list.lines.join("\n"),
    );
    const wrong = launchCli(["pairing", "approve", "telegram", "ABCDEFGH"], { NATS_URL: nats.url });
    assert.equal((await wrong.exited).code, 1);
    assert.ok(
      wrong.lines.some((l) => /no pairing request has code ABCDEFGH/.test(l)),
      wrong.lines.join("\n"),
    );
    const approve = launchCli(["pairing", "approve", "telegram", code], { NATS_URL: nats.url });
    assert.equal((await approve.exited).code, 0, approve.lines.join("\n"));
    assert.ok(
      approve.lines.some((l) => /approved telegram sender 1101/.test(l)),
      approve.lines.join("\n"),
    );
    tgBot.injectPrivateMessage(hana, "and now?");
    assert.equal(
      (await tgBot.waitForSentMessage({ chatId: hana.id, n: 2, timeoutMs: 20_000 })).text,
      "echo: and now?",
    );
  });

  it("a wrong Discord token (from a live config change) shows in channels.status while Telegram keeps answering", async () => {
    const next = config("definitely-the-wrong-token");
    const raw = JSON.stringify(next);
    const store = await ConfigStore.open(bus);
    await store.publish({
      raw,
      hash: createHash("sha256").update(raw).digest("hex"),
      document: next,
      file: "test",
      updatedAt: Date.now(),
      updatedBy: "test",
    });
    const status = await eventually(
      async () => {
        const reply = await bus.request(ChannelsStatus, {}, {});
        const account = reply.accounts.find((a) => a.channel === "discord");
        return account &&
          !account.connected &&
          /rejected the bot token/.test(account.lastError ?? "")
          ? reply
          : undefined;
      },
      30_000,
      "the Discord token error in channels.status",
    );
    const discordStatus = status.accounts.find((a) => a.channel === "discord")!;
    assert.match(
      discordStatus.lastError!,
      /Discord rejected the bot token \(401 Unauthorized\): check channels\.discord\.token/,
    );
    const ivan = tgUser(1102, "Ivan");
    const { code } = await pairAndApprove(ivan);
    assert.ok(code);
    tgBot.injectPrivateMessage(ivan, "telegram still fine?");
    assert.equal(
      (await tgBot.waitForSentMessage({ chatId: ivan.id, n: 2, timeoutMs: 20_000 })).text,
      "echo: telegram still fine?",
    );
    assert.equal(proc.child.exitCode, null, "the process keeps running");
    assert.ok(
      !proc.lines.some((l) => l.includes("definitely-the-wrong-token")),
      "the token never appears in logs",
    );
  });

  async function pairAndApprove(user: ReturnType<typeof tgUser>): Promise<{ code: string }> {
    tgBot.injectPrivateMessage(user, "hi");
    const message = await tgBot.waitForSentMessage({ chatId: user.id, timeoutMs: 20_000 });
    const code = /Pairing code: ([A-Z2-9]{8})/.exec(message.text)![1]!;
    const approve = launchCli(["pairing", "approve", "telegram", code], { NATS_URL: nats.url });
    assert.equal((await approve.exited).code, 0, approve.lines.join("\n"));
    return { code };
  }
});
