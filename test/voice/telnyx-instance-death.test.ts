import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connectBus, VoiceCallStatus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  launchCli,
  startEchoAgent,
  startNatsServer,
  TelnyxFake,
  type EchoAgent,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { eventually, freePort, writeVoiceConfig } from "./support/voice-host.js";

const OUR_NUMBER = "+15550002222";
const CALLER = "+15551239999";
const STILL_THERE = "Are you still there?";

// Twilio drives a call's timeouts itself (the Gather's timeout, wait redirects), so they reach any
// instance; a Telnyx call's silence and reply timers run on a voice instance. This shows they
// survive kill -9 of the instance that armed them: another instance runs them from the call record.
describe("Telnyx call timers across kill -9 of a voice instance", { timeout: 180_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  let agent: EchoAgent | undefined;
  const telnyx = new TelnyxFake();
  const procs: LaunchedCli[] = [];
  const webhooks: string[] = [];

  before(async () => {
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
    const apiBase = await telnyx.start();
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const webhook = `http://127.0.0.1:${port}/voice/webhook`;
      const { stateDir, file } = writeVoiceConfig({
        provider: "telnyx",
        fromNumber: OUR_NUMBER,
        publicUrl: webhook,
        inboundPolicy: "open",
        maxConcurrentCalls: 2,
        maxDurationSeconds: 600,
        serve: { port },
      });
      const proc = launchCli(["voice"], {
        NATS_URL: nats.url,
        OPENCLAW_STATE_DIR: stateDir,
        OPENCLAW_CONFIG_PATH: file,
        TELNYX_API_BASE: apiBase,
        TELNYX_API_KEY: telnyx.apiKey,
        TELNYX_CONNECTION_ID: telnyx.connectionId,
        TELNYX_PUBLIC_KEY: telnyx.publicKey,
      });
      procs.push(proc);
      webhooks.push(webhook);
      await proc.waitReady(30_000);
      await proc.waitForLine(/ready: voice/, 30_000);
    }
    agent = startEchoAgent(bus);
  });
  after(async () => {
    await agent?.stop();
    await Promise.all(procs.map((p) => p.stop("SIGKILL")));
    await bus?.close();
    await telnyx.stop();
    await nats?.dispose();
  });

  const spoken = (id: string): string[] =>
    telnyx.commands
      .filter((c) => c.callControlId === id && c.action === "speak")
      .map((c) => String(c.body.payload));

  it("the silence timer armed by a killed instance is run by the survivor, and the call goes on", async () => {
    const [first, second] = procs;
    telnyx.webhookUrl = webhooks[0]!;
    const call = await telnyx.ringInbound(CALLER, OUR_NUMBER);
    // Only instance a has seen the call: it answered, greeted, and armed the silence timer.
    await eventually(() => telnyx.call(call.callControlId).transcribing, 20_000, "listening");
    assert.deepEqual(spoken(call.callControlId), ["Hello! How can I help you?"]);

    first!.child.kill("SIGKILL");
    await first!.exited;
    // The public URL fails over to the surviving instance (a load balancer or the gateway's route).
    telnyx.call(call.callControlId).webhookUrl = webhooks[1]!;

    await eventually(
      () => spoken(call.callControlId).includes(STILL_THERE),
      60_000,
      "the survivor re-prompts the silent caller",
    );
    await second!.waitForLine(/running its overdue silence timer here/, 5000);
    await eventually(() => telnyx.call(call.callControlId).transcribing, 20_000, "listening again");

    await telnyx.say(call.callControlId, "still here");
    await eventually(
      () => spoken(call.callControlId).includes("echo: still here"),
      30_000,
      "the survivor speaks the agent's reply",
    );
    assert.deepEqual(spoken(call.callControlId), [
      "Hello! How can I help you?",
      STILL_THERE,
      "echo: still here",
    ]);
    const record = await bus.request(VoiceCallStatus, {}, { callId: `tx-${call.callLegId}` });
    assert.equal(record.status, "in-progress");
    await telnyx.hangUp(call.callControlId);
  });
});
