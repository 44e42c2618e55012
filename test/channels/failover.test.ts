import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ChannelsStatus, connectBus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  launchCli,
  startEchoAgent,
  startNatsServer,
  TelegramFake,
  tgUser,
  type EchoAgent,
  type LaunchedCli,
  type NatsTestServer,
  type TelegramFakeBot,
} from "@clawfleet/testkit";
import { eventually, pause } from "./support/channels-harness.js";

const TOKEN = "7006:failover-test-token";

describe(
  "one connection per account: two channels processes, hot standby (invariant 3)",
  { timeout: 180_000 },
  () => {
    let nats: NatsTestServer;
    let fake: TelegramFake;
    let bot: TelegramFakeBot;
    let bus: Bus;
    let agent: EchoAgent;
    let env: Record<string, string>;
    const procs: LaunchedCli[] = [];
    const gina = tgUser(1001, "Gina");

    const start = async () => {
      const proc = launchCli(["channels"], env);
      procs.push(proc);
      await proc.waitReady(20_000);
      return proc;
    };
    const instanceOf = (proc: LaunchedCli) =>
      proc.lines.map((l) => JSON.parse(l) as { instance?: string }).find((l) => l.instance)
        ?.instance;
    const holder = async () => {
      const account = (await bus.request(ChannelsStatus, {}, {})).accounts.find(
        (a) => a.channel === "telegram",
      );
      return account?.connected ? account.holder : undefined;
    };
    const conflicts = () =>
      fake.calls.filter((c) => c.method === "getUpdates" && c.status === 409).length;

    before(async () => {
      nats = await startNatsServer();
      fake = new TelegramFake();
      await fake.start();
      bot = fake.addBot({ token: TOKEN, username: "claw_failover_bot" });
      const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-channels-"));
      writeFileSync(
        join(stateDir, "openclaw.json"),
        JSON.stringify({ channels: { telegram: { dmPolicy: "open", apiRoot: fake.apiRoot } } }),
      );
      env = { NATS_URL: nats.url, OPENCLAW_STATE_DIR: stateDir, TELEGRAM_BOT_TOKEN: TOKEN };
      bus = await connectBus({ servers: nats.url, name: "failover-test", logger: silentLogger });
      agent = startEchoAgent(bus);
    });

    after(async () => {
      await Promise.all(procs.map((p) => p.stop("SIGKILL")));
      await agent?.stop();
      await bus?.drain();
      await fake?.stop();
      await nats?.dispose();
    });

    it("kill -9 of the holder: the standby connects within 20 s and answers what arrived in the gap, once", async (t) => {
      const first = await start();
      await eventually(
        async () => (await holder()) === instanceOf(first),
        20_000,
        "the first process holding the account",
      );
      const second = await start();
      bot.injectPrivateMessage(gina, "before");
      assert.equal(
        (await bot.waitForSentMessage({ chatId: gina.id, timeoutMs: 15_000 })).text,
        "echo: before",
      );
      await pause(3000);
      assert.equal(
        await holder(),
        instanceOf(first),
        "the standby does not take over a live holder",
      );
      assert.equal(conflicts(), 0, "never two pollers");

      await first.stop("SIGKILL");
      const killedAt = Date.now();
      for (const text of ["gap one", "gap two", "gap three"]) bot.injectPrivateMessage(gina, text);
      await eventually(
        async () => (await holder()) === instanceOf(second),
        25_000,
        "the standby holding the account",
      );
      const takeoverMs = Date.now() - killedAt;
      t.diagnostic(`standby took over ${takeoverMs} ms after kill -9`);
      await bot.waitForSentMessage({ chatId: gina.id, n: 4, timeoutMs: 20_000 });
      await pause(2000);
      const texts = bot.sentMessages(gina.id).map((m) => m.text);
      assert.deepEqual(
        texts,
        ["echo: before", "echo: gap one", "echo: gap two", "echo: gap three"],
        "each answered once, in order",
      );
      assert.equal(conflicts(), 0, "no 409 during the failover");
    });

    it("a clean shutdown (rolling deploy) hands over at once, with no 409 conflict", async (t) => {
      const current = procs[1]!;
      const next = await start();
      await pause(1000);
      const stoppedAt = Date.now();
      const exit = await current.stop("SIGTERM");
      assert.equal(exit.code, 0);
      await eventually(
        async () => (await holder()) === instanceOf(next),
        10_000,
        "the new process holding the account",
      );
      const handoverMs = Date.now() - stoppedAt;
      t.diagnostic(`handed over ${handoverMs} ms after SIGTERM`);
      bot.injectPrivateMessage(gina, "after deploy");
      await eventually(
        () => bot.sentMessages(gina.id).some((m) => m.text === "echo: after deploy"),
        15_000,
        "a reply from the new process",
      );
      assert.equal(conflicts(), 0, "the old poller stopped before the new one started");
    });
  },
);
