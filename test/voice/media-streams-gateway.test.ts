import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import {
  connectBus,
  VoiceCallEnd,
  VoiceCallInitiate,
  VoiceCallStatus,
  type Bus,
  type CallRecord,
} from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  launchCli,
  MediaStreamCaller,
  mulawSilence,
  mulawTone,
  OpenAiVoiceFake,
  startEchoAgent,
  startNatsServer,
  TwilioFake,
  type EchoAgent,
  type LaunchedCli,
  type NatsTestServer,
  type TwilioAccount,
} from "@clawfleet/testkit";
import {
  startTestGateway,
  type TestGateway,
} from "../../services/gateway/src/test-support/gateway-fixture.js";
import { eventually, freePort, writeVoiceConfig } from "./support/voice-host.js";

const STREAM_PATH = "/voice/media";

/** One utterance: 600 ms of "voice" then enough silence for the VAD to end it. */
const utterance = () => Buffer.concat([mulawTone(600), mulawSilence(700)]);

// The default Fly deployment: the gateway is the only public service, so Twilio's webhooks and its
// Media Streams WebSocket both reach the gateway, which carries the stream to a voice process over
// the bus. The voice process (the real CLI) is killed -9 at the end: the caller's socket closes.
describe("Media Streams through the gateway's public URL", { timeout: 180_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  let agent: EchoAgent;
  let gateway: TestGateway;
  let voice: LaunchedCli;
  const twilio = new TwilioFake();
  const openai = new OpenAiVoiceFake();
  let account: TwilioAccount;
  let nextNumber = 3000;

  before(async () => {
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
    account = twilio.addAccount();
    const apiBase = await twilio.start();
    const openaiBase = await openai.start();
    const streaming = {
      enabled: true,
      streamPath: STREAM_PATH,
      preStartTimeoutMs: 2000,
      providers: { openai: { silenceDurationMs: 400 } },
    };
    // The gateway owns the config the voice service follows, so both read the same file.
    const gatewayPort = await freePort();
    const { stateDir, file } = writeVoiceConfig({
      provider: "twilio",
      fromNumber: "+15550002222",
      // Twilio reaches the voice service only through the gateway.
      publicUrl: `http://127.0.0.1:${gatewayPort}/voice/webhook`,
      maxConcurrentCalls: 4,
      serve: { port: await freePort() },
      streaming,
    });
    gateway = await startTestGateway({
      natsUrl: nats.url,
      token: "gateway-secret",
      config: readFileSync(file, "utf8"),
      flags: { port: String(gatewayPort) },
    });
    voice = launchCli(["voice"], {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: file,
      TWILIO_API_BASE: apiBase,
      TWILIO_ACCOUNT_SID: account.sid,
      TWILIO_AUTH_TOKEN: account.authToken,
      OPENAI_API_KEY: "sk-test-voice",
      OPENAI_BASE_URL: openaiBase,
    });
    await voice.waitReady(30_000);
    await voice.waitForLine(/ready: voice/, 30_000);
    agent = startEchoAgent(bus, { reply: (input) => `echo: ${input.text}` });
  });

  after(async () => {
    await agent?.stop();
    await voice?.stop("SIGKILL");
    await gateway?.stop();
    await bus?.close();
    await twilio.stop();
    await openai.stop();
    await nats?.dispose();
  });

  const status = (callId: string) => bus.request(VoiceCallStatus, {}, { callId });
  const spoken = (text: string) =>
    openai.speech.waitFor((s) => s.text === text && s.status === 200, { timeoutMs: 10_000 });

  /** Places a conversation call, answers it at the fake (webhook via the gateway) and opens its stream. */
  async function streamedCall(message: string): Promise<{
    record: CallRecord;
    caller: MediaStreamCaller;
  }> {
    const record = await bus.request(
      VoiceCallInitiate,
      {},
      { to: `+1555000${nextNumber++}`, message, mode: "conversation" },
    );
    const body = await twilio.answerCall(record.providerCallId!);
    const url = /<Stream url="([^"]+)"/.exec(body)?.[1];
    assert.equal(
      url,
      `ws://127.0.0.1:${gateway.port}${STREAM_PATH}`,
      "the stream goes to the gateway",
    );
    const params = Object.fromEntries(
      [...body.matchAll(/<Parameter name="([^"]+)" value="([^"]+)"\/>/g)].map((m) => [m[1], m[2]]),
    );
    const caller = await MediaStreamCaller.connect(url, {
      callSid: record.providerCallId!,
      accountSid: account.sid,
      customParameters: params,
    });
    return { record, caller };
  }

  it("caller audio → transcript → agent → speech frames back through the gateway; the caller hanging up closes the voice side", async () => {
    const { record, caller } = await streamedCall("Hi.");
    await spoken("Hi.");
    await caller.received.waitFor((m) => m.mark === "said-0", { timeoutMs: 10_000 });
    assert.equal((await status(record.callId)).transport, "stream");
    await new Promise((r) => setTimeout(r, 400)); // the greeting has played

    openai.script("what is on my calendar");
    const greetingFrames = caller.mediaFrames().length;
    await caller.play(utterance());
    await spoken("echo: what is on my calendar");
    await eventually(
      () => caller.mediaFrames().length > greetingFrames + 5,
      10_000,
      "reply frames",
    );
    assert.equal(caller.mediaFrames().at(-1)?.audio?.length, 160, "20 ms μ-law frames");
    const done = await eventually(async () => {
      const current = await status(record.callId);
      return current.transcript?.length === 3 ? current : undefined;
    });
    assert.deepEqual(
      done.transcript?.map((e) => [e.role, e.text]),
      [
        ["assistant", "Hi."],
        ["user", "what is on my calendar"],
        ["assistant", "echo: what is on my calendar"],
      ],
    );

    // No `stop` frame: only the socket's close tells the voice side, through the relay.
    await caller.hangUp();
    await eventually(() => openai.openTranscriptions === 0, 10_000, "transcriber closed");
    // Closed by the relayed close, not by the heartbeat rule noticing a silent gateway.
    assert.ok(
      !voice.lines.some((line) => line.includes("went silent")),
      "the voice side heard the close",
    );
    await eventually(
      async () => (await status(record.callId)).transport === "gather",
      10_000,
      "stream ended on the call record",
    );
    await bus.request(VoiceCallEnd, {}, { callId: record.callId });
  });

  it("a frame over 64 KiB closes the caller's socket and the voice side", async () => {
    const { record, caller } = await streamedCall("Hello.");
    await spoken("Hello.");
    caller.sendRaw("x".repeat(64 * 1024 + 1));
    assert.equal((await caller.closed).code, 1009);
    await eventually(() => openai.openTranscriptions === 0, 10_000, "transcriber closed");
    await bus.request(VoiceCallEnd, {}, { callId: record.callId });
  });

  it("kill -9 of the voice process closes the caller's socket (Twilio then follows <Redirect> to the Gather loop)", async () => {
    const { caller } = await streamedCall("Hey.");
    await spoken("Hey.");
    await caller.received.waitFor((m) => m.event === "media", { timeoutMs: 10_000 });
    await voice.stop("SIGKILL");
    const closed = await caller.closed;
    assert.equal(closed.code, 1011);
    assert.equal(closed.reason, "voice instance lost");
    // With no voice instance left, a new stream is refused at the upgrade.
    await assert.rejects(
      MediaStreamCaller.connect(`ws://127.0.0.1:${gateway.port}${STREAM_PATH}`, {
        callSid: "CA0",
        customParameters: {},
      }),
      /HTTP 503/,
    );
  });
});
