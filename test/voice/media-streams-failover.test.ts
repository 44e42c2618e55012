import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  connectBus,
  VoiceCallEnd,
  VoiceCallInitiate,
  VoiceCallStatus,
  type Bus,
} from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  MediaStreamCaller,
  mulawSilence,
  mulawTone,
  OpenAiVoiceFake,
  signedWebhookRequest,
  startEchoAgent,
  startNatsServer,
  TwilioFake,
  voiceWebhookParams,
  type EchoAgent,
  type NatsTestServer,
  type TwilioAccount,
} from "@clawfleet/testkit";
import { readTwiml } from "./support/twilio-caller.js";
import {
  eventually,
  freePort,
  startVoiceHost,
  writeVoiceConfig,
  type VoiceHost,
} from "./support/voice-host.js";

// Two voice instances on one bus: the stream of a call answered by A is served by B (state from
// KV), and when B stops mid-call the stream closes and A's Gather loop carries the call on.
describe("streamed calls across voice instances", { timeout: 120_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  let agent: EchoAgent;
  const hosts = new Map<number, VoiceHost>();
  const twilio = new TwilioFake();
  const openai = new OpenAiVoiceFake();
  let account: TwilioAccount;

  before(async () => {
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
    account = twilio.addAccount();
    const apiBase = await twilio.start();
    const openaiBase = await openai.start();
    const start = async (port: number) => {
      const { stateDir, file } = writeVoiceConfig({
        provider: "twilio",
        fromNumber: "+15550002222",
        publicUrl: `http://127.0.0.1:${port}/voice/webhook`,
        maxConcurrentCalls: 4,
        serve: { port },
        streaming: { enabled: true, providers: { openai: { silenceDurationMs: 400 } } },
      });
      return startVoiceHost({
        NATS_URL: nats.url,
        OPENCLAW_STATE_DIR: stateDir,
        OPENCLAW_CONFIG_PATH: file,
        TWILIO_API_BASE: apiBase,
        TWILIO_ACCOUNT_SID: account.sid,
        TWILIO_AUTH_TOKEN: account.authToken,
        OPENAI_API_KEY: "sk-test-voice",
        OPENAI_BASE_URL: openaiBase,
      });
    };
    for (const port of [await freePort(), await freePort()]) hosts.set(port, await start(port));
    agent = startEchoAgent(bus);
  });

  after(async () => {
    await agent?.stop();
    for (const host of hosts.values()) await host.stop();
    await bus?.close();
    await twilio.stop();
    await openai.stop();
    await nats?.dispose();
  });

  it("the other instance serves the stream of a call one answered; its stop hands the call to the Gather loop", async () => {
    const record = await bus.request(
      VoiceCallInitiate,
      {},
      { to: "+15550009999", message: "Hi.", mode: "conversation" },
    );
    const body = await twilio.answerCall(record.providerCallId!);
    const url = /<Stream url="([^"]+)"/.exec(body)?.[1] ?? "";
    const resume = /<Redirect method="POST">([^<]+)<\/Redirect>/.exec(body)?.[1] ?? "";
    const params = Object.fromEntries(
      [...body.matchAll(/<Parameter name="([^"]+)" value="([^"]+)"\/>/g)].map((m) => [m[1], m[2]]),
    );
    // The webhook (and so the stream URL) names the instance that placed the call; use the other one.
    const answering = Number(new URL(url).port);
    const [otherPort, other] = [...hosts].find(([port]) => port !== answering)!;
    const onB = url.replace(`:${answering}/`, `:${otherPort}/`);
    const caller = await MediaStreamCaller.connect(onB, {
      callSid: record.providerCallId!,
      customParameters: params,
    });
    await caller.received.waitFor((m) => m.mark === "said-0", { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 400));
    openai.script("first question");
    await caller.play(Buffer.concat([mulawTone(600), mulawSilence(700)]));
    await openai.speech.waitFor((s) => s.text === "echo: first question", { timeoutMs: 10_000 });
    assert.equal(
      (await bus.request(VoiceCallStatus, {}, { callId: record.callId })).transport,
      "stream",
    );

    await other.stop();
    hosts.delete(otherPort);
    await caller.closed;
    // Twilio follows the TwiML after <Connect>: the <Redirect> to event=resume, answered by A.
    const request = signedWebhookRequest(
      account.authToken,
      resume.replace(/&amp;/g, "&"),
      voiceWebhookParams({
        accountSid: account.sid,
        callSid: record.providerCallId!,
        from: "+15550002222",
        to: record.to,
        callStatus: "in-progress",
        direction: "outbound-api",
      }),
    );
    const response = await fetch(request.url, request.init);
    const twiml = readTwiml(response.status, await response.text());
    assert.equal(twiml.status, 200);
    assert.match(
      twiml.gatherAction ?? "",
      /event=speech&turn=2$/,
      "the Gather loop listens for turn 2",
    );
    const current = await eventually(async () => {
      const r = await bus.request(VoiceCallStatus, {}, { callId: record.callId });
      return r.transport === "gather" ? r : undefined;
    });
    assert.equal(current.status, "in-progress");
    assert.deepEqual(
      current.transcript?.map((e) => e.text),
      ["Hi.", "first question", "echo: first question"],
    );
    await bus.request(VoiceCallEnd, {}, { callId: record.callId });
  });
});
