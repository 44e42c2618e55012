import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import { resolveVoiceSettings, type VoiceSettings } from "../domain/voice-settings.js";
import { parseConfigText } from "@clawfleet/config";
import { VoiceIngress, type TunnelOpener } from "./voice-ingress.js";

function settings(voiceConfig: Record<string, unknown>): VoiceSettings {
  const parsed = parseConfigText(
    JSON.stringify({
      plugins: { entries: { "voice-call": { enabled: true, config: voiceConfig } } },
    }),
    { file: "x.json", env: {} },
  );
  assert.ok(parsed.ok);
  return resolveVoiceSettings(parsed.config, { NGROK_AUTHTOKEN: "tok-123456" });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check());
}

test("the tunnel URL becomes the public webhook URL while it is up, and forwards to the listener", async () => {
  let forwardedTo = 0;
  const opener: TunnelOpener = async ({ port, authToken }) => {
    assert.equal(authToken, "tok-123456");
    forwardedTo = port;
    return { url: "https://abc123.ngrok.app", close: async () => {} };
  };
  const ingress = new VoiceIngress({
    settings: () =>
      settings({
        serve: { port: 0 },
        publicUrl: "https://fallback.example.com/voice/webhook",
        tunnel: { provider: "ngrok" },
      }),
    handle: async () => ({ status: 204, headers: {}, body: "" }),
    openTunnel: opener,
    log: silentLogger,
    now: Date.now,
  });
  await ingress.start();
  try {
    await until(() => ingress.status().tunnel.state === "up");
    assert.equal(ingress.webhookUrl(), "https://abc123.ngrok.app/voice/webhook");
    assert.equal(ingress.status().publicUrlSource, "tunnel");
    assert.deepEqual(ingress.publicBases(), [
      "https://abc123.ngrok.app",
      "https://fallback.example.com/voice/webhook",
    ]);
    assert.equal(ingress.status().listener.url, `http://127.0.0.1:${forwardedTo}/voice/webhook`);
    assert.equal((await fetch(ingress.status().listener.url!, { method: "POST" })).status, 204);
  } finally {
    await ingress.stop();
  }
});

test("a failed tunnel falls back to publicUrl and is tried again", async () => {
  let attempts = 0;
  let now = 1_000_000;
  const opener: TunnelOpener = async () => {
    attempts++;
    throw new Error("failed to connect session: failed to establish tcp connection");
  };
  const ingress = new VoiceIngress({
    settings: () =>
      settings({
        serve: { port: 0 },
        publicUrl: "https://fallback.example.com/voice/webhook",
        tunnel: { provider: "ngrok" },
      }),
    handle: async () => ({ status: 204, headers: {}, body: "" }),
    openTunnel: opener,
    log: silentLogger,
    now: () => now,
  });
  await ingress.start();
  try {
    await until(() => ingress.status().tunnel.state === "failed");
    assert.deepEqual(ingress.status().tunnel, {
      provider: "ngrok",
      state: "failed",
      error: "failed to connect session: failed to establish tcp connection",
      retryAt: now + 30_000,
    });
    assert.equal(ingress.webhookUrl(), "https://fallback.example.com/voice/webhook");
    assert.equal(attempts, 1);
    now += 1;
  } finally {
    await ingress.stop();
  }
});

test("a listener port in use is reported, not fatal", async () => {
  const first = new VoiceIngress({
    settings: () => settings({ serve: { port: 0 } }),
    handle: async () => ({ status: 204, headers: {}, body: "" }),
    openTunnel: async () => {
      throw new Error("unused");
    },
    log: silentLogger,
    now: Date.now,
  });
  await first.start();
  const port = Number(new URL(first.status().listener.url!).port);
  const second = new VoiceIngress({
    settings: () => settings({ serve: { port } }),
    handle: async () => ({ status: 204, headers: {}, body: "" }),
    openTunnel: async () => {
      throw new Error("unused");
    },
    log: silentLogger,
    now: Date.now,
  });
  try {
    await second.start();
    assert.match(
      second.status().listener.error ?? "",
      /cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/,
    );
  } finally {
    await second.stop();
    await first.stop();
  }
});
