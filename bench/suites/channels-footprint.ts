import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { ChannelsStatus, connectBus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  DiscordFake,
  SignalCliFake,
  SlackFake,
  launchCli,
  startEchoAgent,
  startNatsServer,
  TelegramFake,
  tgUser,
  type LaunchedCli,
} from "@clawfleet/testkit";
import { heapUsedMb, rssMb, rssParts } from "../lib/process-memory.js";
import { measureLinkedWhatsApp } from "../lib/whatsapp-linked.js";
import { step } from "../lib/progress.js";
import { atMost, info, type BenchSuite } from "../lib/report.js";

const TG_TOKEN = "7100:bench-token";
const DC_TOKEN = "MTAwMDA.bench.discord-token";
const SIGNAL_NUMBER = "+15550009999";

/** The node flags fly.toml gives the channels group (heap sizes), so the bench measures what is deployed. */
function deployedNodeFlags(): string[] {
  const fly = parseToml(readFileSync(new URL("../../fly.toml", import.meta.url), "utf8")) as {
    processes: Record<string, string>;
  };
  const argv = (fly.processes.channels ?? "").trim().split(/\s+/);
  return argv.slice(1, argv.indexOf("dist/index.js"));
}

async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The channels process with both SDKs loaded and connected: start, memory, reply latency, failover. */
export const suite: BenchSuite = {
  name: "channels-footprint",
  description:
    "The channels process with Telegram, Discord, Slack and Signal accounts (fakes; Signal through a fake signal-cli daemon) and an unlinked WhatsApp account (waiting for a QR login; Baileys is imported only once the account is linked or a login starts), private nats-server, echo agent: time to ready and to connected, RSS after 5 s and 30 s idle, Telegram DM → reply latency, and takeover time of a standby after kill -9 of the holder. Then the same five with WhatsApp linked: the channels service bundled as dist/ is, its WhatsApp socket relayed to testkit's fake (Baileys cannot reach a fake WhatsApp), linked by QR, restarted to resume the session from the bus, five DMs answered, RSS after 30 s idle. Budgets: ready ≤ 1000 ms, idle RSS ≤ 90 MB (both cases), takeover ≤ 20 s.",
  async run() {
    const nats = await startNatsServer();
    const telegram = new TelegramFake();
    const discord = new DiscordFake();
    const slack = new SlackFake();
    const signal = new SignalCliFake();
    await Promise.all([telegram.start(), discord.start(), slack.start(), signal.start()]);
    signal.addAccount(SIGNAL_NUMBER);
    slack.addApp("xoxb-bench-slack-token", "xapp-bench-slack-token");
    const tgBot = telegram.addBot({ token: TG_TOKEN, username: "claw_bench_bot" });
    discord.addBot({ token: DC_TOKEN, username: "benchbot" });
    discord.addGuild({ name: "Bench", channels: ["general"] });
    const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-bench-channels-"));
    writeFileSync(
      join(stateDir, "openclaw.json"),
      JSON.stringify({
        channels: {
          telegram: { dmPolicy: "open", apiRoot: telegram.apiRoot },
          discord: { apiBase: discord.apiBase },
          // Unlinked (no phone to scan a QR here): the account waits for a login without loading Baileys.
          whatsapp: { dmPolicy: "open", allowFrom: ["*"] },
          slack: {
            botToken: "xoxb-bench-slack-token",
            appToken: "xapp-bench-slack-token",
            apiUrl: slack.apiUrl,
          },
          signal: { account: SIGNAL_NUMBER, httpUrl: signal.url },
        },
      }),
    );
    const env = {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      DISCORD_BOT_TOKEN: DC_TOKEN,
      CLAWFLEET_STATE_KEY: "bench-state-key-0123456789abcdefghijkl",
      NODE_ENV: "production",
    };
    const bus = await connectBus({
      servers: nats.url,
      name: "bench-channels",
      logger: silentLogger,
    });
    const agent = startEchoAgent(bus);
    const procs: LaunchedCli[] = [];
    const nodeArgs = deployedNodeFlags();
    const metrics: Record<string, ReturnType<typeof info>> = {};
    const connected = async () => {
      const { accounts } = await bus.request(ChannelsStatus, {}, {});
      const bots = accounts.filter((a) => a.channel !== "whatsapp");
      const whatsapp = accounts.find((a) => a.channel === "whatsapp");
      // WhatsApp counts once its holder runs the adapter and reports it is waiting for a login.
      return bots.length === 4 &&
        bots.every((a) => a.connected) &&
        whatsapp?.holder &&
        /not linked/.test(whatsapp.lastError ?? "")
        ? bots
        : undefined;
    };
    try {
      const warm = launchCli(["channels"], {
        ...env,
        // No config file: the warm-up run connects nothing (the Slack tokens are in the config).
        OPENCLAW_STATE_DIR: mkdtempSync(join(tmpdir(), "clawfleet-bench-warm-")),
        TELEGRAM_BOT_TOKEN: "",
        DISCORD_BOT_TOKEN: "",
        CLAWFLEET_STATE_KEY: "",
      });
      await warm.waitReady();
      await warm.stop();
      const started = performance.now();
      const first = launchCli(["channels"], env, { nodeArgs });
      procs.push(first);
      await first.waitReady(10_000);
      metrics["ready"] = atMost(performance.now() - started, "ms", 1000);
      await until(connected, 20_000);
      metrics["accounts connected (WhatsApp waiting for login)"] = info(
        performance.now() - started,
        "ms",
      );
      step("accounts connected; idle 30 s");
      await new Promise((r) => setTimeout(r, 5000));
      metrics["RSS after 5 s (five channels)"] = info(rssMb(first.child.pid!), "MB");
      await new Promise((r) => setTimeout(r, 25_000));
      metrics["idle RSS after 30 s (discord.js, grammY, Bolt, Signal; WhatsApp unlinked)"] = atMost(
        rssMb(first.child.pid!),
        "MB",
        90,
      );
      const parts = rssParts(first.child.pid!);
      metrics["WhatsApp unlinked: of which anonymous (heap, malloc, wasm)"] = info(
        parts.anonMb,
        "MB",
      );
      metrics["WhatsApp unlinked: of which file-backed (node binary)"] = info(parts.fileMb, "MB");
      metrics["WhatsApp unlinked: V8 heap used"] = info(
        await heapUsedMb(await first.healthPort()),
        "MB",
      );

      step("20 Telegram round trips");
      const user = tgUser(4242, "Bench");
      const latencies: number[] = [];
      for (let i = 1; i <= 20; i++) {
        const sentAt = performance.now();
        tgBot.injectPrivateMessage(user, `ping ${i}`);
        await tgBot.waitForSentMessage({ chatId: user.id, n: i, timeoutMs: 10_000 });
        latencies.push(performance.now() - sentAt);
      }
      latencies.sort((a, b) => a - b);
      metrics["Telegram DM → reply p50 (echo agent)"] = info(latencies[9]!, "ms");
      metrics["Telegram DM → reply max (echo agent)"] = info(latencies[19]!, "ms");

      const standby = launchCli(["channels"], env, { nodeArgs });
      procs.push(standby);
      await standby.waitReady(10_000);
      await first.stop("SIGKILL");
      const killedAt = performance.now();
      const holder = standby.lines
        .map((l) => (JSON.parse(l) as { instance?: string }).instance)
        .find(Boolean);
      await until(
        async () => ((await connected())?.every((a) => a.holder === holder) ? true : undefined),
        30_000,
      );
      metrics["takeover after kill -9 of the holder"] = atMost(
        (performance.now() - killedAt) / 1000,
        "s",
        20,
      );
      await Promise.all(procs.splice(0).map((p) => p.stop("SIGTERM")));
      Object.assign(metrics, await measureLinkedWhatsApp({ bus, env, nodeArgs }));
      return {
        metrics,
        notes: [
          `Run with fly.toml's node flags for the channels group: ${nodeArgs.join(" ")}.`,
          "RSS right after start-up includes V8's young generation grown during connect; --max-semi-space-size=1 keeps it small.",
        ],
      };
    } finally {
      await Promise.all(procs.map((p) => p.stop("SIGKILL")));
      await agent.stop();
      await bus.drain();
      await Promise.all([telegram.stop(), discord.stop(), slack.stop(), signal.stop()]);
      await nats.dispose();
    }
  },
};
