import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CronAdd, CronRuns, connectBus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  AnthropicFake,
  launchCli,
  startNatsServer,
  TelegramFake,
  tgUser,
  type LaunchedCli,
  type NatsTestServer,
  type TelegramFakeBot,
} from "@clawfleet/testkit";

// A scheduled job with built processes: three `clawfleet agents` workers race for it, one fires it,
// the Anthropic fake answers, `clawfleet channels` delivers the reply to the Telegram fake once.
const TOKEN = "7200:e2e-cron-token";

describe("a scheduled job fires once across three agents workers", { timeout: 180_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  let bot: TelegramFakeBot;
  const telegram = new TelegramFake();
  const llm = new AnthropicFake();
  const procs: LaunchedCli[] = [];
  const alice = tgUser(701, "Alice", "alice");

  before(async () => {
    nats = await startNatsServer();
    await telegram.start();
    bot = telegram.addBot({ token: TOKEN, username: "claw_cron_bot" });
    const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-cron-e2e-"));
    writeFileSync(
      join(stateDir, "openclaw.json"),
      JSON.stringify({
        agents: { defaults: { model: "anthropic/claude-sonnet-4-6" } },
        channels: {
          telegram: {
            dmPolicy: "allowlist",
            allowFrom: [String(alice.id)],
            apiRoot: telegram.apiRoot,
          },
        },
      }),
    );
    const env = {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      TELEGRAM_BOT_TOKEN: TOKEN,
      ANTHROPIC_API_KEY: "sk-ant-test-key",
      ANTHROPIC_BASE_URL: await llm.start(),
    };
    for (let i = 0; i < 3; i++) procs.push(launchCli(["agents"], env));
    procs.push(launchCli(["channels"], env));
    await Promise.all(procs.map((p) => p.waitReady(30_000)));
    bus = await connectBus({ servers: nats.url, name: "e2e-test", logger: silentLogger });
    await bot.updates.waitForPoll(15_000);
  });

  after(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await bus?.drain();
    await telegram.stop();
    await llm.stop();
    await nats?.dispose();
  });

  it("a job due in 5 s is answered by the model and its reply reaches Telegram exactly once", async () => {
    // Telegram lets a bot write only to people who have written to it first.
    bot.injectPrivateMessage(alice, "hello bot");
    await bot.waitForSentMessage({ chatId: alice.id, timeoutMs: 30_000 });
    const { job } = await bus.request(
      CronAdd,
      {},
      {
        job: {
          name: "stretch",
          schedule: { kind: "at", atMs: Date.now() + 5000 },
          payload: { kind: "agentTurn", message: "remind Alice to stretch" },
          delivery: { channel: "telegram", to: String(alice.id) },
        },
      },
    );
    const reply = await bot.waitForSentMessage({
      chatId: alice.id,
      timeoutMs: 40_000,
      n: 2,
    });
    assert.equal(reply.text, "echo: remind Alice to stretch");
    await new Promise((r) => setTimeout(r, 4000));
    assert.equal(
      bot.sentMessages(alice.id).filter((m) => /stretch/.test(m.text ?? "")).length,
      1,
      "exactly one delivery",
    );
    assert.equal(
      llm.requests.all().filter((r) => /stretch/.test(r.lastUserText)).length,
      1,
      "exactly one model call",
    );
    const { runs } = await bus.request(CronRuns, {}, { id: job.id, limit: 10 });
    assert.deepEqual(
      runs.map((r) => r.status),
      ["fired"],
    );
  });
});
