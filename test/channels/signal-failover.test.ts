import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ChannelsStatus, connectBus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  launchCli,
  SignalCliFake,
  startEchoAgent,
  startNatsServer,
  type EchoAgent,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { eventually, pause } from "./support/channels-harness.js";

const BOT = "+15550008888";
const GINA = { number: "+15550107777", name: "Gina" };

describe(
  "signal: one event stream per account cluster-wide, hot standby after kill -9",
  { timeout: 180_000 },
  () => {
    let nats: NatsTestServer;
    let fake: SignalCliFake;
    let bus: Bus;
    let agent: EchoAgent;
    let env: Record<string, string>;
    const procs: LaunchedCli[] = [];

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
        (a) => a.channel === "signal",
      );
      return account?.connected ? account.holder : undefined;
    };

    before(async () => {
      nats = await startNatsServer();
      fake = new SignalCliFake(1000);
      await fake.start();
      fake.addAccount(BOT);
      const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-signal-"));
      writeFileSync(
        join(stateDir, "openclaw.json"),
        JSON.stringify({
          channels: { signal: { account: BOT, dmPolicy: "open", allowFrom: ["*"] } },
        }),
      );
      env = { NATS_URL: nats.url, OPENCLAW_STATE_DIR: stateDir, SIGNAL_CLI_URL: fake.url };
      bus = await connectBus({ servers: nats.url, name: "signal-failover", logger: silentLogger });
      agent = startEchoAgent(bus);
    });

    after(async () => {
      await Promise.all(procs.map((p) => p.stop("SIGKILL")));
      await agent?.stop();
      await bus?.drain();
      await fake?.stop();
      await nats?.dispose();
    });

    it("the standby opens the stream within 20 s and answers what arrived in the gap, once, in order", async (t) => {
      const first = await start();
      await eventually(
        async () => (await holder()) === instanceOf(first),
        20_000,
        "the first process holding the account",
      );
      const second = await start();
      fake.dm(BOT, GINA, "before");
      assert.equal((await fake.waitForSent(GINA.number))[0]?.message, "echo: before");
      await pause(3000);
      assert.equal(
        await holder(),
        instanceOf(first),
        "the standby does not take over a live holder",
      );
      assert.equal(fake.streamCount(BOT), 1, "one event stream for the account");

      await first.stop("SIGKILL");
      const killedAt = Date.now();
      // The gap starts once the daemon has seen the killed holder's stream close: a message the daemon
      // pushes into a stream whose peer just died is gone (the child's exit and the socket's close reach
      // this process in either order), which is signal-cli's behaviour too, and not what this test is about.
      await eventually(
        async () => fake.streamCount(BOT) === 0,
        10_000,
        "the daemon seeing the killed holder's stream close",
      );
      for (const text of ["gap one", "gap two", "gap three"]) fake.dm(BOT, GINA, text);
      await eventually(
        async () => (await holder()) === instanceOf(second),
        25_000,
        "the standby holding the account",
      );
      const takeoverMs = Date.now() - killedAt;
      t.diagnostic(`standby took over ${takeoverMs} ms after kill -9`);
      await fake.waitForSent(GINA.number, 4, 30_000);
      await pause(2000);
      assert.deepEqual(
        fake.sentTo(GINA.number).map((m) => m.message),
        ["echo: before", "echo: gap one", "echo: gap two", "echo: gap three"],
        "each answered once, in order",
      );
      assert.equal(fake.streamCount(BOT), 1, "still one event stream");
    });
  },
);
