import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { ChannelLogin, ChannelsStatus, connectBus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  launchCli,
  startEchoAgent,
  startNatsServer,
  WhatsAppFake,
  WhatsAppRelay,
  type EchoAgent,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { eventually, pause } from "./support/channels-harness.js";

const HOST = fileURLToPath(new URL("./support/whatsapp-relay-host.ts", import.meta.url));
const STATE_KEY = "test-state-key-0123456789abcdefghijklmnop";
const BOT = "15550100000";
const ALICE = "15550001111";
const ALICE_JID = `${ALICE}@s.whatsapp.net`;

describe(
  "whatsapp: one live socket per account cluster-wide, standby resumes the session from the bus after kill -9",
  { timeout: 180_000 },
  () => {
    let nats: NatsTestServer;
    let fake: WhatsAppFake;
    let relay: WhatsAppRelay;
    let bus: Bus;
    let agent: EchoAgent;
    let env: Record<string, string>;
    const procs: LaunchedCli[] = [];

    // Each channels process runs the production service with its WhatsApp sockets relayed to `fake`.
    const start = async () => {
      const proc = launchCli([relay.url], env, { entry: HOST });
      procs.push(proc);
      await proc.waitReady(30_000);
      return proc;
    };
    const instanceOf = (proc: LaunchedCli) =>
      proc.lines.map((l) => JSON.parse(l) as { instance?: string }).find((l) => l.instance)
        ?.instance;
    const holder = async () => {
      const account = (await bus.request(ChannelsStatus, {}, {})).accounts.find(
        (a) => a.channel === "whatsapp",
      );
      return account?.connected ? account.holder : undefined;
    };
    const openSockets = () => [...fake.sockets].filter((s) => s.user && !s.closed).length;

    before(async () => {
      nats = await startNatsServer();
      fake = new WhatsAppFake();
      relay = new WhatsAppRelay(fake);
      await relay.start();
      const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-whatsapp-"));
      writeFileSync(
        join(stateDir, "openclaw.json"),
        JSON.stringify({ channels: { whatsapp: { dmPolicy: "open", allowFrom: ["*"] } } }),
      );
      env = { NATS_URL: nats.url, OPENCLAW_STATE_DIR: stateDir, CLAWFLEET_STATE_KEY: STATE_KEY };
      bus = await connectBus({
        servers: nats.url,
        name: "whatsapp-failover",
        logger: silentLogger,
      });
      agent = startEchoAgent(bus);
    });

    after(async () => {
      await Promise.all(procs.map((p) => p.stop("SIGKILL")));
      await agent?.stop();
      await bus?.drain();
      await relay?.stop();
      await nats?.dispose();
    });

    it("the standby connects with the stored creds within 20 s and answers what arrived in the gap, once, in order", async (t) => {
      const first = await start();
      const login = { channel: "whatsapp", account: "default" };
      const shown = await eventually(async () => {
        const reply = await bus.request(ChannelLogin, login, { step: "start" });
        return reply.qr ? reply : undefined;
      }, 20_000);
      assert.ok(shown.qr);
      await fake.scanQr(BOT);
      await eventually(
        async () => (await holder()) === instanceOf(first),
        20_000,
        "the first process holding the linked account",
      );
      const second = await start();
      fake.dm(ALICE, "before");
      assert.equal((await fake.waitForSent(ALICE_JID))[0]?.text, "echo: before");
      await pause(3000);
      assert.equal(
        await holder(),
        instanceOf(first),
        "the standby does not take over a live holder",
      );
      assert.equal(openSockets(), 1, "one WhatsApp Web connection for the account");
      const holderSocket = fake.openSocket()?.index;

      await first.stop("SIGKILL");
      const killedAt = Date.now();
      await eventually(() => openSockets() === 0, 5000, "WhatsApp seeing the holder's socket drop");
      for (const text of ["gap one", "gap two", "gap three"]) fake.dm(ALICE, text);
      await eventually(
        async () => (await holder()) === instanceOf(second),
        25_000,
        "the standby holding the account",
      );
      const takeoverMs = Date.now() - killedAt;
      t.diagnostic(`standby took over ${takeoverMs} ms after kill -9`);
      assert.notEqual(fake.openSocket()?.index, holderSocket, "a new socket, from the standby");
      await fake.waitForSent(ALICE_JID, 4, 20_000);
      fake.dm(ALICE, "after");
      await fake.waitForSent(ALICE_JID, 5, 20_000);
      await pause(2000);
      assert.deepEqual(
        fake.sentTo(ALICE_JID).map((m) => m.text),
        ["echo: before", "echo: gap one", "echo: gap two", "echo: gap three", "echo: after"],
        "each answered once, in order",
      );
      assert.equal(openSockets(), 1, "still one connection");
    });
  },
);
