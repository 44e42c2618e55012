import assert from "node:assert/strict";
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

/** What a `<Connect><Stream>` answer carries. */
function readStreamTwiml(body: string): { url: string; params: Record<string, string> } {
  const url = /<Stream url="([^"]+)"/.exec(body)?.[1];
  assert.ok(url, `no <Stream> in ${body}`);
  const params = Object.fromEntries(
    [...body.matchAll(/<Parameter name="([^"]+)" value="([^"]+)"\/>/g)].map((m) => [m[1], m[2]]),
  );
  return { url, params };
}

/** One utterance: 600 ms of "voice" then enough silence for the VAD to end it. */
const utterance = () => Buffer.concat([mulawTone(600), mulawSilence(700)]);

describe("streamed calls (Twilio Media Streams)", { timeout: 120_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  let agent: EchoAgent;
  let voice: VoiceHost;
  const twilio = new TwilioFake();
  const openai = new OpenAiVoiceFake();
  let account: TwilioAccount;
  let reply = (text: string) => `echo: ${text}`;
  let nextNumber = 1000;

  before(async () => {
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
    account = twilio.addAccount();
    const apiBase = await twilio.start();
    const openaiBase = await openai.start();
    const port = await freePort();
    const { stateDir, file } = writeVoiceConfig({
      provider: "twilio",
      fromNumber: "+15550002222",
      publicUrl: `http://127.0.0.1:${port}/voice/webhook`,
      maxConcurrentCalls: 10,
      serve: { port },
      streaming: {
        enabled: true,
        preStartTimeoutMs: 1000,
        providers: { openai: { silenceDurationMs: 400 } },
      },
    });
    voice = await startVoiceHost({
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: file,
      TWILIO_API_BASE: apiBase,
      TWILIO_ACCOUNT_SID: account.sid,
      TWILIO_AUTH_TOKEN: account.authToken,
      OPENAI_API_KEY: "sk-test-voice",
      OPENAI_BASE_URL: openaiBase,
    });
    agent = startEchoAgent(bus, { reply: (input) => reply(input.text) });
  });

  after(async () => {
    await agent?.stop();
    await voice?.stop();
    await bus?.close();
    await twilio.stop();
    await openai.stop();
    await nats?.dispose();
  });

  const status = (callId: string) => bus.request(VoiceCallStatus, {}, { callId });

  /** Places a conversation call, answers it at the fake and opens its media stream. */
  async function streamedCall(message = "Hi."): Promise<{
    record: CallRecord;
    caller: MediaStreamCaller;
    params: Record<string, string>;
    url: string;
  }> {
    const record = await bus.request(
      VoiceCallInitiate,
      {},
      { to: `+1555000${nextNumber++}`, message, mode: "conversation" },
    );
    const body = await twilio.answerCall(record.providerCallId!);
    const { url, params } = readStreamTwiml(body);
    assert.match(body, /<\/Connect><Redirect method="POST">[^<]*event=resume<\/Redirect>/);
    const caller = await MediaStreamCaller.connect(url, {
      callSid: record.providerCallId!,
      accountSid: account.sid,
      customParameters: params,
    });
    return { record, caller, params, url };
  }

  const spoken = (text: string) =>
    openai.speech.waitFor((s) => s.text === text && s.status === 200, { timeoutMs: 10_000 });

  it("caller audio → transcript → agent → speech frames back; the record shows the stream and the transcript", async () => {
    const { record, caller } = await streamedCall("Hi.");
    await spoken("Hi.");
    await caller.received.waitFor((m) => m.event === "media", { timeoutMs: 5000 });
    assert.equal((await status(record.callId)).transport, "stream");
    await caller.received.waitFor((m) => m.mark === "said-0", { timeoutMs: 5000 });
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
    const frame = caller.mediaFrames().at(-1)?.audio;
    assert.equal(frame?.length, 160, "20 ms μ-law frames");

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
    await bus.request(VoiceCallEnd, {}, { callId: record.callId });
    await caller.stop();
  });

  it("barge-in: caller speech during a reply sends clear and stops the rest; the reply is marked interrupted", async () => {
    reply = () =>
      "Here is a long answer. It has several sentences. Each one takes a while to say. " +
      "The caller will not wait for all of them. This one should never be heard.";
    try {
      const { record, caller } = await streamedCall("Hello.");
      await spoken("Hello.");
      await caller.received.waitFor((m) => m.mark === "said-0", { timeoutMs: 5000 });
      await new Promise((r) => setTimeout(r, 400));
      // The interruption itself transcribes to nothing, so no new reply follows it.
      openai.script("tell me everything", "");
      await caller.play(utterance());
      await spoken("Here is a long answer.");
      const before = caller.mediaFrames().length;
      await eventually(() => caller.mediaFrames().length > before + 10, 10_000, "reply playing");
      await caller.play(utterance());
      await caller.received.waitFor((m) => m.event === "clear", { timeoutMs: 5000 });
      await new Promise((r) => setTimeout(r, 500));
      const replyFrames = caller.mediaFrames().length - before;
      const fullFrames = Math.round((200 * 3 + 25 * reply("").length) / 20);
      assert.ok(
        replyFrames < fullFrames,
        `${replyFrames} frames sent of a ~${fullFrames}-frame reply`,
      );
      const settled = caller.mediaFrames().length;
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(caller.mediaFrames().length, settled, "nothing more is sent after clear");
      const current = await eventually(async () => {
        const r = await status(record.callId);
        return r.transcript?.some((e) => e.interrupted) ? r : undefined;
      });
      const interrupted = current.transcript?.find((e) => e.interrupted);
      assert.match(interrupted?.text ?? "", /^Here is a long answer/);
      assert.ok(
        !openai.speech.all().some((s) => s.text.startsWith("This one should never")),
        "the last sentence was never synthesized",
      );
      await bus.request(VoiceCallEnd, {}, { callId: record.callId });
      await caller.stop();
    } finally {
      reply = (text) => `echo: ${text}`;
    }
  });

  it("a malformed frame hands the call to the Gather loop (REST redirect) and closes the stream", async () => {
    const { record, caller } = await streamedCall("Hey.");
    await spoken("Hey.");
    caller.sendRaw('{"event":"media","media":{"payload":"%%%not base64"}}');
    const closed = await caller.closed;
    assert.equal(closed.code, 1011);
    await eventually(
      () =>
        twilio.call(record.providerCallId!).url?.endsWith(`callId=${record.callId}&event=resume`),
      5000,
      "redirect to the Gather loop",
    );
    const current = await status(record.callId);
    assert.equal(current.status, "in-progress");
    assert.equal(current.transport, "gather");
    await bus.request(VoiceCallEnd, {}, { callId: record.callId });
  });

  it("a closed transcription socket hands the call to the Gather loop", async () => {
    const { record, caller } = await streamedCall("Yo.");
    await spoken("Yo.");
    await eventually(() => openai.openTranscriptions > 0, 5000, "transcriber connected");
    openai.dropTranscriptions();
    assert.equal((await caller.closed).code, 1011);
    await eventually(
      () => twilio.call(record.providerCallId!).url?.endsWith("event=resume"),
      5000,
      "redirect to the Gather loop",
    );
    await bus.request(VoiceCallEnd, {}, { callId: record.callId });
  });

  it("a TTS error falls back to the Gather loop, which says the unspoken reply with <Say>", async () => {
    const { record, caller } = await streamedCall("Hello there.");
    await spoken("Hello there.");
    await caller.received.waitFor((m) => m.mark === "said-0", { timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 400));
    openai.failSpeech(500);
    openai.script("are you there");
    await caller.play(utterance());
    assert.equal((await caller.closed).code, 1011);
    const url = await eventually(() => {
      const current = twilio.call(record.providerCallId!).url;
      return current?.endsWith("event=resume") ? current : undefined;
    });
    const params = voiceWebhookParams({
      accountSid: account.sid,
      callSid: record.providerCallId!,
      from: "+15550002222",
      to: record.to,
      callStatus: "in-progress",
      direction: "outbound-api",
    });
    const request = signedWebhookRequest(account.authToken, url, params);
    const response = await fetch(request.url, request.init);
    const twiml = readTwiml(response.status, await response.text());
    assert.deepEqual(twiml.said, ["echo: are you there"]);
    assert.ok(twiml.gatherAction, "the Gather loop listens next");
    await bus.request(VoiceCallEnd, {}, { callId: record.callId });
  });

  it("a stream with a wrong token is closed and changes nothing", async () => {
    const record = await bus.request(
      VoiceCallInitiate,
      {},
      { to: `+1555000${nextNumber++}`, message: "Hi.", mode: "conversation" },
    );
    const { url, params } = readStreamTwiml(await twilio.answerCall(record.providerCallId!));
    const caller = await MediaStreamCaller.connect(url, {
      callSid: record.providerCallId!,
      customParameters: { ...params, token: "forged" },
    });
    assert.equal((await caller.closed).code, 1008);
    assert.equal((await status(record.callId)).transport, "gather");
    await bus.request(VoiceCallEnd, {}, { callId: record.callId });
  });

  it("a socket that never sends start is closed after preStartTimeoutMs; other paths are refused", async () => {
    const record = await bus.request(
      VoiceCallInitiate,
      {},
      { to: `+1555000${nextNumber++}`, message: "Hi.", mode: "conversation" },
    );
    const { url } = readStreamTwiml(await twilio.answerCall(record.providerCallId!));
    const { default: WebSocket } = await import("ws");
    const idle = new WebSocket(url);
    const closed = await new Promise<number>((resolve) => idle.once("close", resolve));
    assert.equal(closed, 1008);
    const wrong = new WebSocket(url.replace("/voice/stream", "/voice/elsewhere"));
    const status = await new Promise<number | undefined>((resolve) => {
      wrong.once("unexpected-response", (_req, res) => resolve(res.statusCode));
      wrong.once("open", () => resolve(undefined));
      wrong.once("error", () => undefined);
    });
    assert.equal(status, 404);
    await bus.request(VoiceCallEnd, {}, { callId: record.callId });
  });
});
