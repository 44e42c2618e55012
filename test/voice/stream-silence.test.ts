import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  connectBus,
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
  startEchoAgent,
  startNatsServer,
  TwilioFake,
  type EchoAgent,
  type NatsTestServer,
  type TwilioAccount,
} from "@clawfleet/testkit";
import {
  eventually,
  freePort,
  startVoiceHost,
  writeVoiceConfig,
  type VoiceHost,
} from "./support/voice-host.js";

const STILL_THERE = "Are you still there?";
const GOODBYE = "I did not hear anything, so I will hang up now.";

/** One utterance: 600 ms of "voice" then enough silence for the VAD to end it. */
const utterance = () => Buffer.concat([mulawTone(600), mulawSilence(700)]);

describe("silence on a streamed call (streaming.idlePromptMs)", { timeout: 120_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  let agent: EchoAgent;
  let voice: VoiceHost;
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
    const port = await freePort();
    const { stateDir, file } = writeVoiceConfig({
      provider: "twilio",
      fromNumber: "+15550002222",
      publicUrl: `http://127.0.0.1:${port}/voice/webhook`,
      maxConcurrentCalls: 10,
      serve: { port },
      streaming: {
        enabled: true,
        idlePromptMs: 800,
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
    agent = startEchoAgent(bus, { reply: (input) => `echo: ${input.text}` });
  });

  beforeEach(() => openai.speech.clear());

  after(async () => {
    await agent?.stop();
    await voice?.stop();
    await bus?.close();
    await twilio.stop();
    await openai.stop();
    await nats?.dispose();
  });

  /** Places a conversation call, answers it at the fake and opens its media stream. */
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
      [...body.matchAll(/<Parameter name="([^"]+)" value="([^"]+)"\/>/g)].map((m) => [m[1], m[2]]),
    );
    const caller = await MediaStreamCaller.connect(url, {
      callSid: record.providerCallId!,
      accountSid: account.sid,
      customParameters,
    });
    return { record, caller };
  }

  /** What the call said aloud so far, in order (one entry per synthesized sentence). */
  const said = () => openai.speech.filter((s) => s.status === 200).map((s) => s.text);

  /** Waits until the call has ended and returns its final record. */
  const ended = (callId: string) =>
    eventually(
      async () => {
        const record = await bus.request(VoiceCallStatus, {}, { callId });
        return record.endedAt !== undefined ? record : undefined;
      },
      30_000,
      "the call ends",
    );

  it("a silent caller is asked twice whether anyone is there, then hears goodbye and the call hangs up with end reason silence", async () => {
    const { record, caller } = await streamedCall("Hi.");
    // The stream closes once the goodbye was played and the call hung up.
    assert.equal((await caller.closed).code, 1000);
    assert.equal(twilio.call(record.providerCallId!).status, "completed", "hung up at Twilio");
    assert.deepEqual(said(), ["Hi.", STILL_THERE, STILL_THERE, GOODBYE, "Goodbye."]);
    const done = await ended(record.callId);
    assert.equal(done.endReason, "silence");
    assert.equal(done.status, "completed");
    assert.deepEqual(
      done.transcript?.map((e) => e.text),
      ["Hi.", `${GOODBYE} Goodbye.`],
    );
  });

  it("caller speech resets the count: after an answer the caller is asked twice again before the hang-up", async () => {
    const { record, caller } = await streamedCall("Hello.");
    await openai.speech.waitFor((s) => s.text === STILL_THERE, { timeoutMs: 15_000 });
    openai.script("I am here");
    await caller.play(utterance());
    assert.equal((await caller.closed).code, 1000);
    const done = await ended(record.callId);
    assert.equal(done.endReason, "silence");
    const spoken = said();
    const answer = spoken.indexOf("echo: I am here");
    assert.ok(answer > 0, `the reply was said: ${JSON.stringify(spoken)}`);
    assert.ok(spoken.slice(0, answer).includes(STILL_THERE), "prompted before the answer");
    assert.deepEqual(spoken.slice(answer + 1), [STILL_THERE, STILL_THERE, GOODBYE, "Goodbye."]);
    assert.deepEqual(
      done.transcript?.filter((e) => e.role === "user").map((e) => e.text),
      ["I am here"],
    );
  });
});
