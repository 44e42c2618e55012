import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectBus, VoiceCallEnd, VoiceCallInitiate } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  launchCli,
  postTwilioWebhook,
  startNatsServer,
  TwilioFake,
  voiceWebhookParams,
} from "@clawfleet/testkit";
import { rssMb } from "../lib/process-memory.js";
import { step } from "../lib/progress.js";
import { atMost, type BenchSuite } from "../lib/report.js";

const IDLE_MS = 5000;

/** The voice service with the voice-call plugin enabled (Twilio, listener on), before and after the Twilio SDK is loaded. */
export const suite: BenchSuite = {
  name: "voice-footprint",
  description: `The voice process with plugins.entries.voice-call enabled for Twilio: time to ready, RSS after ${IDLE_MS / 1000} s idle, then after a signed inbound call (loads the SDK's webhook module, and the REST SDK to subscribe to the call's status callbacks) and an outbound call. Budgets: ready ≤ 1000 ms, ≤ 80 MB idle and after calls.`,
  async run() {
    const nats = await startNatsServer();
    const twilio = new TwilioFake();
    const account = twilio.addAccount();
    const apiBase = await twilio.start();
    const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-bench-voice-"));
    const webhook = "http://127.0.0.1:39334/voice/webhook";
    const file = join(stateDir, "openclaw.json");
    writeFileSync(
      file,
      JSON.stringify({
        plugins: {
          entries: {
            "voice-call": {
              enabled: true,
              config: {
                provider: "twilio",
                fromNumber: "+15550002222",
                publicUrl: webhook,
                inboundPolicy: "open",
                maxConcurrentCalls: 2,
                serve: { port: 39334 },
              },
            },
          },
        },
      }),
    );
    const env = {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: file,
      NODE_ENV: "production",
      TWILIO_API_BASE: apiBase,
      TWILIO_ACCOUNT_SID: account.sid,
      TWILIO_AUTH_TOKEN: account.authToken,
    };
    const warm = launchCli(["voice"], env);
    await warm.waitReady();
    await warm.stop();
    const started = performance.now();
    const proc = launchCli(["voice"], env);
    const bus = await connectBus({ servers: nats.url, name: "bench", logger: silentLogger });
    try {
      await proc.waitReady(10_000);
      const ready = performance.now() - started;
      step(`ready; idle ${IDLE_MS / 1000} s, then one inbound and one outbound call`);
      await new Promise((r) => setTimeout(r, IDLE_MS));
      const idle = rssMb(proc.child.pid!);
      const response = await postTwilioWebhook(
        account.authToken,
        webhook,
        voiceWebhookParams({
          accountSid: account.sid,
          callSid: `CA${"9".repeat(32)}`,
          from: "+15551230000",
          to: "+15550002222",
        }),
      );
      if (response.status !== 200) throw new Error(`inbound webhook answered ${response.status}`);
      await new Promise((r) => setTimeout(r, 1000));
      const afterWebhook = rssMb(proc.child.pid!);
      const call = await bus.request(
        VoiceCallInitiate,
        {},
        { to: "+15550001111", message: "bench", mode: "notify" },
      );
      await bus.request(VoiceCallEnd, {}, { callId: call.callId });
      await new Promise((r) => setTimeout(r, 2000));
      const afterCall = rssMb(proc.child.pid!);
      return {
        metrics: {
          "voice (enabled) ready": atMost(ready, "ms", 1000),
          "voice (enabled) idle RSS": atMost(idle, "MB", 80),
          "RSS after an inbound call (Twilio SDK loaded)": atMost(afterWebhook, "MB", 80),
          "RSS after an outbound call": atMost(afterCall, "MB", 80),
        },
        notes: [
          "twilio is imported lazily (a separate bundle chunk): the webhook module on the first webhook, the REST SDK on the first inbound call, outbound call or hang-up.",
        ],
      };
    } finally {
      await bus.close();
      await proc.stop();
      await twilio.stop();
      await nats.dispose();
    }
  },
};
