import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  Buckets,
  connectBus,
  openBucket,
  VoiceCallEnd,
  VoiceCallInitiate,
  VoiceStatus,
  type Bus,
} from "@clawfleet/bus";
import { CONFIG_KEY, ConfigStore } from "@clawfleet/config";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, TwilioFake, type NatsTestServer } from "@clawfleet/testkit";
import { eventually, freePort, startVoiceHost, writeVoiceConfig } from "./support/voice-host.js";

const NGROK_TOKEN = "2fakeNgrokTokenForTests_abcdefghijkl";

describe("ingress: an ngrok tunnel without network, and live config", { timeout: 120_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  const twilio = new TwilioFake();
  let apiBase: string;

  before(async () => {
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
    apiBase = await twilio.start();
  });
  after(async () => {
    await bus?.close();
    await twilio.stop();
    await nats?.dispose();
  });

  it("stays up, reports the tunnel error, and places calls on publicUrl", async () => {
    const account = twilio.addAccount();
    const port = await freePort();
    const publicUrl = "https://voice.example.com/voice/webhook";
    const { stateDir, file } = writeVoiceConfig({
      provider: "twilio",
      fromNumber: "+15550002222",
      publicUrl,
      serve: { port },
      twilio: { accountSid: account.sid, authToken: account.authToken },
      tunnel: { provider: "ngrok", ngrokAuthToken: NGROK_TOKEN },
    });
    const voice = await startVoiceHost({
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: file,
      TWILIO_API_BASE: apiBase,
    });
    try {
      const status = await eventually(
        async () => {
          const current = await bus.request(VoiceStatus, {}, {});
          return current.tunnel.state === "failed" ? current : undefined;
        },
        20_000,
        "the tunnel reported as failed",
      );
      assert.equal(status.tunnel.provider, "ngrok");
      assert.ok(status.tunnel.error && status.tunnel.error.length > 5, status.tunnel.error);
      assert.ok(status.tunnel.retryAt && status.tunnel.retryAt > Date.now(), "it will try again");
      assert.equal(status.publicUrlSource, "config");
      assert.equal(status.webhookUrl, publicUrl);
      assert.equal(status.listener.url, `http://127.0.0.1:${port}/voice/webhook`);
      const logged = voice.lines.find((line) => line.includes("ngrok tunnel failed"));
      assert.match(logged ?? "", /"level":"error"/);
      assert.match(
        logged ?? "",
        /using publicUrl https:\/\/voice\.example\.com\/voice\/webhook meanwhile; retrying in 30 s/,
      );

      const call = await bus.request(
        VoiceCallInitiate,
        {},
        { to: "+15550001111", message: "still working", mode: "notify" },
      );
      assert.equal(
        twilio.call(call.providerCallId!).url,
        `${publicUrl}?callId=${call.callId}&event=answer`,
      );
      await bus.request(VoiceCallEnd, {}, { callId: call.callId });
      assert.equal(
        (await fetch(`http://127.0.0.1:${port}/voice/webhook`, { method: "POST" })).status,
        403,
        "the listener still answers (unsigned → 403)",
      );
      for (const line of voice.lines)
        assert.ok(
          !line.includes(NGROK_TOKEN) && !line.includes(account.authToken),
          `a secret leaked: ${line}`,
        );
      const health = await fetch(`http://127.0.0.1:${await voice.handle.healthPort}/readyz`);
      assert.equal(health.status, 200, "a failed tunnel does not make the service unready");
    } finally {
      assert.equal(await voice.stop(), 0);
    }
  });

  it("a config edit on the bus turns voice on, and its listener, without a restart", async () => {
    const { stateDir, file } = writeVoiceConfig({ provider: "mock" }, false);
    const voice = await startVoiceHost({
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: file,
    });
    try {
      const before = await bus.request(VoiceStatus, {}, {});
      assert.equal(before.enabled, false);
      assert.equal(before.listener.url, undefined);
      await assert.rejects(
        bus.request(VoiceCallInitiate, {}, { to: "+15550001111", mode: "conversation" }),
        /voice calls are disabled/,
      );
      const port = await freePort();
      const parsed = {
        plugins: {
          entries: {
            "voice-call": { enabled: true, config: { provider: "mock", serve: { port } } },
          },
        },
      };
      await (
        await ConfigStore.open(bus)
      ).publish({
        raw: JSON.stringify(parsed),
        hash: "edited-1",
        document: parsed,
        file,
        updatedAt: Date.now(),
        updatedBy: "ui",
      });
      const after = await eventually(
        async () => {
          const current = await bus.request(VoiceStatus, {}, {});
          return current.enabled && current.listener.url ? current : undefined;
        },
        10_000,
        "voice enabled by the new config",
      );
      assert.equal(after.listener.url, `http://127.0.0.1:${port}/voice/webhook`);
      const call = await bus.request(
        VoiceCallInitiate,
        {},
        { to: "+15550001111", mode: "conversation" },
      );
      assert.equal(call.status, "in-progress");
      await bus.request(VoiceCallEnd, {}, { callId: call.callId });
    } finally {
      assert.equal(await voice.stop(), 0);
      // Later services of this file read their own config file again.
      await (await openBucket(bus, Buckets.Config)).purge(CONFIG_KEY);
    }
  });

  it("without an auth token it says which setting is missing", async () => {
    const port = await freePort();
    const { stateDir, file } = writeVoiceConfig({
      provider: "twilio",
      serve: { port },
      tunnel: { provider: "ngrok" },
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
          return current.tunnel.state === "failed" ? current : undefined;
        },
        10_000,
        "the tunnel reported as failed",
      );
      assert.match(status.tunnel.error ?? "", /set NGROK_AUTHTOKEN/);
      assert.equal(status.publicUrlSource, "none");
      assert.equal(status.webhookUrl, undefined);
      assert.ok(voice.lines.some((line) => line.includes("no publicUrl to fall back to")));
      await assert.rejects(
        bus.request(VoiceCallInitiate, {}, { to: "+15550001111", message: "hi", mode: "notify" }),
        /set plugins\.entries\.voice-call\.config\.fromNumber|no public URL/,
      );
    } finally {
      assert.equal(await voice.stop(), 0);
    }
  });
});
