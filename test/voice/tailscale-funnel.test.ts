import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { connectBus, VoiceStatus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import { launchCli, startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { eventually, freePort, startVoiceHost, writeVoiceConfig } from "./support/voice-host.js";

const DNS_NAME = "clawfleet-test.tail0000.ts.net";

/**
 * A `tailscale` executable for tests: `status --json` prints a logged-in node, `funnel …` says
 * where it serves and stays in the foreground until SIGTERM, as the real one does; every call is
 * appended to a log file.
 */
function fakeTailscale(): { dir: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), "clawfleet-tailscale-"));
  const log = join(dir, "calls.log");
  writeFileSync(
    join(dir, "tailscale"),
    `#!/bin/sh
echo "$*" >> '${log}'
case "$1" in
  status) echo '{"BackendState":"Running","Self":{"DNSName":"${DNS_NAME}.","HostName":"clawfleet-test"}}' ;;
  funnel)
    trap 'echo stopped >> "${log}"; exit 0' TERM
    echo "Available on the internet:"
    echo
    echo "https://${DNS_NAME}/voice/webhook"
    i=0
    while [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done ;;
  *) echo "unknown command $1" >&2; exit 2 ;;
esac
`,
  );
  chmodSync(join(dir, "tailscale"), 0o755);
  return { dir, log };
}

describe("Tailscale Funnel as the voice tunnel", { timeout: 60_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  const fake = fakeTailscale();

  before(async () => {
    // The voice host runs in this test's process, so the fake must be first on this PATH.
    process.env.PATH = `${fake.dir}${delimiter}${process.env.PATH ?? ""}`;
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
  });
  after(async () => {
    await bus?.close();
    await nats?.dispose();
  });

  it("is not run unless configured", async () => {
    const { stateDir, file } = writeVoiceConfig({
      provider: "mock",
      serve: { port: await freePort() },
    });
    const voice = await startVoiceHost({
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: file,
    });
    try {
      const status = await bus.request(VoiceStatus, {}, {});
      assert.equal(status.tunnel.state, "off");
      assert.equal(existsSync(fake.log), false, "tailscale was run without being configured");
    } finally {
      assert.equal(await voice.stop(), 0);
    }
  });

  it("funnels the listener; the webhook URL is the node's DNS name; stopping ends the funnel", async () => {
    const port = await freePort();
    const { stateDir, file } = writeVoiceConfig({
      provider: "mock",
      serve: { port },
      tunnel: { provider: "tailscale-funnel" },
      tailscale: { port: 8443 },
    });
    const voice = await startVoiceHost({
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: file,
    });
    try {
      const status = await eventually(
        async () => {
          const current = await bus.request(VoiceStatus, {}, {});
          return current.tunnel.state === "up" ? current : undefined;
        },
        15_000,
        "the funnel up",
      );
      assert.equal(status.tunnel.provider, "tailscale-funnel");
      assert.equal(status.webhookUrl, `https://${DNS_NAME}:8443/voice/webhook`);
      assert.equal(status.publicUrlSource, "tunnel");
      assert.deepEqual(readFileSync(fake.log, "utf8").trim().split("\n"), [
        "status --json",
        `funnel --https=8443 --set-path=/voice/webhook http://127.0.0.1:${port}/voice/webhook`,
      ]);
    } finally {
      assert.equal(await voice.stop(), 0);
    }
    assert.match(readFileSync(fake.log, "utf8"), /stopped\n$/, "the funnel ended with the service");
  });

  it("does not outlive a voice process killed with -9 (no public route to a dead port)", async () => {
    const own = fakeTailscale();
    const { stateDir, file } = writeVoiceConfig({
      provider: "mock",
      serve: { port: await freePort() },
      tunnel: { provider: "tailscale-funnel" },
    });
    const voice = launchCli(["voice"], {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: file,
      PATH: `${own.dir}${delimiter}${process.env.PATH ?? ""}`,
    });
    try {
      await eventually(
        async () =>
          (await bus.request(VoiceStatus, {}, {})).tunnel.state === "up" ? true : undefined,
        20_000,
        "the funnel up",
      );
      voice.child.kill("SIGKILL");
      await voice.exited;
      await eventually(
        async () => (/stopped\n$/.test(readFileSync(own.log, "utf8")) ? true : undefined),
        10_000,
        "the funnel stopped after its voice process died",
      );
    } finally {
      if (voice.child.exitCode === null && voice.child.signalCode === null)
        voice.child.kill("SIGKILL");
    }
  });
});
