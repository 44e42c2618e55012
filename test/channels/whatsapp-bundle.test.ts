import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { ChannelLogin, ChannelsStatus, connectBus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  bundleEntry,
  launchCli,
  startEchoAgent,
  startNatsServer,
  WhatsAppFake,
  WhatsAppRelay,
  type EchoAgent,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { eventually } from "./support/channels-harness.js";

const HOST = fileURLToPath(new URL("./support/whatsapp-relay-host.ts", import.meta.url));
const STATE_KEY = "test-state-key-0123456789abcdefghijklmnop";
const BOT = "15550100000";
const ALICE = "15550001111";

describe(
  "whatsapp QR login through the esbuild bundle (channels service and CLI as deployed, WhatsApp relayed to the fake)",
  { timeout: 240_000 },
  () => {
    let nats: NatsTestServer;
    let fake: WhatsAppFake;
    let relay: WhatsAppRelay;
    let bus: Bus;
    let agent: EchoAgent;
    const procs: LaunchedCli[] = [];

    before(async () => {
      nats = await startNatsServer();
      fake = new WhatsAppFake();
      relay = new WhatsAppRelay(fake);
      await relay.start();
      bus = await connectBus({ servers: nats.url, name: "whatsapp-bundle", logger: silentLogger });
      agent = startEchoAgent(bus);
    });

    after(async () => {
      await Promise.all(procs.map((p) => p.stop("SIGKILL")));
      await agent?.stop();
      await bus?.drain();
      await relay?.stop();
      await nats?.dispose();
    });

    it("the bundled service renders the QR as a PNG, the bundled CLI draws it in the terminal, the scan links", async () => {
      const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-whatsapp-bundle-"));
      writeFileSync(
        join(stateDir, "openclaw.json"),
        JSON.stringify({ channels: { whatsapp: { dmPolicy: "open", allowFrom: ["*"] } } }),
      );
      const env = { NATS_URL: nats.url, OPENCLAW_STATE_DIR: stateDir };
      const channels = launchCli(
        [relay.url],
        { ...env, CLAWFLEET_STATE_KEY: STATE_KEY },
        { script: bundleEntry(HOST) },
      );
      procs.push(channels);
      await channels.waitReady(30_000);
      const login = { channel: "whatsapp", account: "default" };
      const shown = await eventually(async () => {
        const reply = await bus.request(ChannelLogin, login, { step: "start" });
        return reply.qr ? reply : undefined;
      }, 30_000);
      assert.match(shown.qrDataUrl ?? "", /^data:image\/png;base64,/);

      const cli = launchCli(["channels", "login", "whatsapp"], env);
      procs.push(cli);
      await cli.waitForLine(/[▀▄█]/, 30_000);
      await fake.scanQr(BOT);
      assert.deepEqual(await cli.exited, { code: 0, signal: null }, cli.lines.join("\n"));
      assert.match(cli.lines.join("\n"), /linked as \+15550100000/);

      await eventually(async () => {
        const { accounts } = await bus.request(ChannelsStatus, {}, {});
        return accounts.find((a) => a.channel === "whatsapp")?.connected || undefined;
      }, 30_000);
      fake.dm(ALICE, "hello");
      const [reply] = await fake.waitForSent(`${ALICE}@s.whatsapp.net`, 1, 30_000);
      assert.match(reply?.text ?? "", /hello/);
    });
  },
);
