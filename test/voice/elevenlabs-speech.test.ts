import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  connectBus,
  VoiceCallEnd,
  VoiceCallInitiate,
  type Bus,
  type CallRecord,
} from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  ElevenLabsFake,
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

/** One utterance: 600 ms of "voice" then enough silence for the VAD to end it. */
const utterance = () => Buffer.concat([mulawTone(600), mulawSilence(700)]);

/** The audio of `count` frames from `from` on, joined. */
function audioOf(caller: MediaStreamCaller, from: number, count: number): Buffer {
  return Buffer.concat(
    caller
      .mediaFrames()
      .slice(from, from + count)
      .map((m) => m.audio ?? Buffer.alloc(0)),
  );
}

describe(
  "streamed calls speak through ElevenLabs (tts.provider elevenlabs)",
  { timeout: 90_000 },
  () => {
    let nats: NatsTestServer;
    let bus: Bus;
    let agent: EchoAgent;
    let voice: VoiceHost;
    const twilio = new TwilioFake();
    const openai = new OpenAiVoiceFake();
    const eleven = new ElevenLabsFake();
    let account: TwilioAccount;
    let nextNumber = 3000;

    before(async () => {
      nats = await startNatsServer();
      bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
      account = twilio.addAccount();
      const apiBase = await twilio.start();
      const openaiBase = await openai.start();
      const elevenBase = await eleven.start();
      const port = await freePort();
      const { stateDir, file } = writeVoiceConfig({
        provider: "twilio",
        fromNumber: "+15550002222",
        publicUrl: `http://127.0.0.1:${port}/voice/webhook`,
        maxConcurrentCalls: 10,
        serve: { port },
        streaming: { enabled: true, providers: { openai: { silenceDurationMs: 400 } } },
        tts: {
          provider: "elevenlabs",
          providers: { elevenlabs: { speakerVoiceId: "voice-under-test", baseUrl: elevenBase } },
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
        XI_API_KEY: eleven.apiKey,
      });
      agent = startEchoAgent(bus, { reply: (input) => `echo: ${input.text}` });
    });

    after(async () => {
      await agent?.stop();
      await voice?.stop();
      await bus?.close();
      await twilio.stop();
      await openai.stop();
      await eleven.stop();
      await nats?.dispose();
    });

    async function streamedCall(
      message: string,
    ): Promise<{ record: CallRecord; caller: MediaStreamCaller }> {
      const record = await bus.request(
        VoiceCallInitiate,
        {},
        { to: `+1555000${nextNumber++}`, message, mode: "conversation" },
      );
      const body = await twilio.answerCall(record.providerCallId!);
      const url = /<Stream url="([^"]+)"/.exec(body)?.[1];
      assert.ok(url, `no <Stream> in ${body}`);
      const customParameters = Object.fromEntries(
        [...body.matchAll(/<Parameter name="([^"]+)" value="([^"]+)"\/>/g)].map((m) => [
          m[1],
          m[2],
        ]),
      );
      const caller = await MediaStreamCaller.connect(url, {
        callSid: record.providerCallId!,
        accountSid: account.sid,
        customParameters,
      });
      return { record, caller };
    }

    it("the greeting and the agent's reply are ElevenLabs' μ-law audio, frame for frame", async () => {
      const { record, caller } = await streamedCall("Hi.");
      const greeting = eleven.audioFor("Hi.");
      const greetingFrames = Math.ceil(greeting.length / 160);
      await caller.received.waitFor((m) => m.mark === "said-0", { timeoutMs: 10_000 });
      assert.deepEqual(audioOf(caller, 0, greetingFrames).subarray(0, greeting.length), greeting);
      const [request] = eleven.speech.all();
      assert.deepEqual(
        { ...request, at: 0 },
        {
          voiceId: "voice-under-test",
          text: "Hi.",
          modelId: "eleven_multilingual_v2",
          outputFormat: "ulaw_8000",
          status: 200,
          at: 0,
        },
      );
      await new Promise((r) => setTimeout(r, 400)); // the greeting has played

      openai.script("read my mail");
      await caller.play(utterance());
      await eleven.speech.waitFor((s) => s.text === "echo: read my mail" && s.status === 200, {
        timeoutMs: 10_000,
      });
      const reply = eleven.audioFor("echo: read my mail");
      const replyFrames = Math.ceil(reply.length / 160);
      await eventually(
        () => caller.mediaFrames().length >= greetingFrames + replyFrames,
        10_000,
        "reply frames",
      );
      assert.deepEqual(
        audioOf(caller, greetingFrames, replyFrames).subarray(0, reply.length),
        reply,
      );
      assert.equal(openai.speech.all().length, 0, "OpenAI speech is never asked");
      await bus.request(VoiceCallEnd, {}, { callId: record.callId });
      await caller.stop();
    });

    it("an ElevenLabs error hands the call to the Gather loop, which says the unspoken reply with <Say>", async () => {
      const { record, caller } = await streamedCall("Hello there.");
      await caller.received.waitFor((m) => m.mark === "said-0", { timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 400));
      eleven.failSpeech(503);
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
      assert.ok(
        voice.lines.some((line) => line.includes("ElevenLabs answered HTTP 503")),
        "the log names the ElevenLabs failure",
      );
      assert.ok(
        !voice.lines.some((line) => line.includes(eleven.apiKey)),
        "the key is never logged",
      );
      await bus.request(VoiceCallEnd, {}, { callId: record.callId });
    });
  },
);
