import assert from "node:assert/strict";
import { test } from "node:test";
import { parseConfigText } from "@clawfleet/config";
import {
  callbackUrl,
  resolveVoiceSettings,
  settingsSecrets,
  webhookUrlFor,
} from "./voice-settings.js";

function config(text: string) {
  const result = parseConfigText(text, { file: "openclaw.json", env: {} });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  return result.config;
}

test("the seed's private-deployment example gives an ngrok tunnel to a loopback listener", () => {
  const settings = resolveVoiceSettings(
    config(
      '{"plugins":{"entries":{"voice-call":{"enabled":true,"config":{"provider":"twilio","tunnel":{"provider":"ngrok"}}}}}}',
    ),
    { NGROK_AUTHTOKEN: "ngrok-token-123", TWILIO_AUTH_TOKEN: "env-token-456" },
  );
  assert.equal(settings.enabled, true);
  assert.deepEqual(settings.tunnel, {
    provider: "ngrok",
    authToken: "ngrok-token-123",
    domain: undefined,
    funnelPort: 443,
    funnelPath: "/voice/webhook",
  });
  assert.deepEqual(settings.serve, { port: 3334, bind: "127.0.0.1", path: "/voice/webhook" });
  assert.equal(settings.twilio.authToken, "env-token-456");
  assert.deepEqual(settings.access, { inboundPolicy: "disabled", allowFrom: [] });
  assert.equal(settings.maxDurationMs, 300_000);
});

test("config values win over the environment, and no entry means disabled", () => {
  const settings = resolveVoiceSettings(
    config(
      '{"plugins":{"entries":{"voice-call":{"enabled":true,"config":{"twilio":{"accountSid":"ACcfg","authToken":"cfg-token"}}}}}}',
    ),
    { TWILIO_ACCOUNT_SID: "ACenv", TWILIO_AUTH_TOKEN: "env-token" },
  );
  assert.deepEqual(settings.twilio, {
    accountSid: "ACcfg",
    authToken: "cfg-token",
    apiBase: undefined,
  });
  assert.equal(resolveVoiceSettings(config("{}"), {}).enabled, false);
});

test("a public base with a path is the webhook; a bare origin gets the listener path", () => {
  assert.equal(
    webhookUrlFor("https://abc.ngrok.app", "/voice/webhook"),
    "https://abc.ngrok.app/voice/webhook",
  );
  assert.equal(
    webhookUrlFor("https://app.fly.dev/voice/twilio", "/voice/webhook"),
    "https://app.fly.dev/voice/twilio",
  );
  assert.equal(
    callbackUrl("https://app.fly.dev/voice/webhook", { callId: "c1", event: "status" }),
    "https://app.fly.dev/voice/webhook?callId=c1&event=status",
  );
});

test("Telnyx credentials come from the config, else TELNYX_*; OpenClaw's tailscale.mode funnel picks the funnel", () => {
  const settings = resolveVoiceSettings(
    config(
      '{"plugins":{"entries":{"voice-call":{"enabled":true,"config":{"provider":"telnyx","telnyx":{"connectionId":"cfg-conn"},"tailscale":{"mode":"funnel","port":8443}}}}}}',
    ),
    {
      TELNYX_API_KEY: "KEYenv",
      TELNYX_CONNECTION_ID: "env-conn",
      TELNYX_PUBLIC_KEY: "pk",
    },
  );
  assert.equal(settings.provider, "telnyx");
  assert.deepEqual(settings.telnyx, {
    apiKey: "KEYenv",
    connectionId: "cfg-conn",
    publicKey: "pk",
    apiBase: "https://api.telnyx.com/v2",
  });
  assert.equal(settings.tunnel.provider, "tailscale-funnel");
  assert.equal(settings.tunnel.funnelPort, 8443);
  assert.ok(settingsSecrets(settings).includes("KEYenv"), "the API key is redacted from logs");
});

test("ElevenLabs speech: config key, then ELEVENLABS_API_KEY, then XI_API_KEY; OpenClaw's default voice", () => {
  const entry = (tts: string) =>
    config(`{"plugins":{"entries":{"voice-call":{"enabled":true,"config":{"tts":${tts}}}}}}`);
  const fromEnv = resolveVoiceSettings(entry('{"provider":"elevenlabs"}'), {
    ELEVENLABS_API_KEY: "xi-env-primary",
    XI_API_KEY: "xi-env-fallback",
  });
  assert.equal(fromEnv.streaming.tts.provider, "elevenlabs");
  assert.deepEqual(fromEnv.streaming.tts.elevenlabs, {
    apiKey: "xi-env-primary",
    baseUrl: "https://api.elevenlabs.io",
    voiceId: "pMsXgVXv3BLzUgSXRplE",
    modelId: "eleven_multilingual_v2",
  });
  assert.ok(settingsSecrets(fromEnv).includes("xi-env-primary"));
  const fallback = resolveVoiceSettings(entry('{"provider":"elevenlabs"}'), {
    XI_API_KEY: "xi-env-fallback",
  });
  assert.equal(fallback.streaming.tts.elevenlabs.apiKey, "xi-env-fallback");
  const configured = resolveVoiceSettings(
    entry(
      '{"provider":"elevenlabs","providers":{"elevenlabs":{"apiKey":"xi-cfg","speakerVoiceId":"v1","modelId":"eleven_flash_v2_5"}}}',
    ),
    { ELEVENLABS_API_KEY: "xi-env-primary" },
  );
  assert.deepEqual(
    [configured.streaming.tts.elevenlabs.apiKey, configured.streaming.tts.elevenlabs.voiceId],
    ["xi-cfg", "v1"],
  );
  assert.equal(configured.streaming.tts.elevenlabs.modelId, "eleven_flash_v2_5");
});
