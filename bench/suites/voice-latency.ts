import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectBus, VoiceCallEnd, VoiceCallInitiate, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  freePort,
  launchCli,
  MediaStreamCaller,
  mulawSilence,
  mulawTone,
  OpenAiVoiceFake,
  signedWebhookRequest,
  startEchoAgent,
  startNatsServer,
  TwilioFake,
  voiceWebhookParams,
  type NatsTestServer,
  type TwilioAccount,
} from "@clawfleet/testkit";
import { step } from "../lib/progress.js";
import { info, type BenchSuite, type Measurement } from "../lib/report.js";

const ROUNDS = 5;
const SILENCE_MS = 800;

interface Rig {
  nats: NatsTestServer;
  bus: Bus;
  twilio: TwilioFake;
  account: TwilioAccount;
  openai: OpenAiVoiceFake;
  openaiBase: string;
  apiBase: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** A text bar for the report's chart. */
function bar(label: string, ms: number, scale: number): string {
  return `\`${label.padEnd(30)} ${"█".repeat(Math.max(1, Math.round(ms / scale)))} ${Math.round(ms)} ms\``;
}

async function startVoice(rig: Rig, streaming: boolean) {
  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-bench-voice-latency-"));
  const file = join(stateDir, "openclaw.json");
  const webhook = `http://127.0.0.1:${port}/voice/webhook`;
  const config = {
    provider: "twilio",
    fromNumber: "+15550002222",
    publicUrl: webhook,
    maxConcurrentCalls: 4,
    serve: { port },
    streaming: { enabled: streaming, providers: { openai: { silenceDurationMs: SILENCE_MS } } },
  };
  writeFileSync(
    file,
    JSON.stringify({ plugins: { entries: { "voice-call": { enabled: true, config } } } }),
  );
  const proc = launchCli(["voice"], {
    NATS_URL: rig.nats.url,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_CONFIG_PATH: file,
    NODE_ENV: "production",
    TWILIO_API_BASE: rig.apiBase,
    TWILIO_ACCOUNT_SID: rig.account.sid,
    TWILIO_AUTH_TOKEN: rig.account.authToken,
    OPENAI_API_KEY: "sk-bench",
    OPENAI_BASE_URL: rig.openaiBase,
  });
  await proc.waitReady(20_000);
  await proc.waitForLine(/voice listener on/, 20_000);
  return proc;
}

async function call(rig: Rig, n: number) {
  const record = await rig.bus.request(
    VoiceCallInitiate,
    {},
    { to: `+1555777${String(n).padStart(4, "0")}`, message: "Hi.", mode: "conversation" },
  );
  return { record, body: await rig.twilio.answerCall(record.providerCallId!) };
}

/** Streamed: end of the caller's last voiced frame → first reply frame back; also speech_stopped → first frame. */
async function streamedRound(rig: Rig, n: number): Promise<{ total: number; afterVad: number }> {
  const { record, body } = await call(rig, n);
  const url = /<Stream url="([^"]+)"/.exec(body)?.[1];
  if (!url) throw new Error(`no <Stream> in ${body}`);
  const params = Object.fromEntries(
    [...body.matchAll(/<Parameter name="([^"]+)" value="([^"]+)"\/>/g)].map((m) => [m[1], m[2]]),
  );
  const caller = await MediaStreamCaller.connect(url, {
    callSid: record.providerCallId!,
    customParameters: params,
  });
  try {
    await caller.received.waitFor((m) => m.mark === "said-0", { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 500));
    rig.openai.script(`question number ${n}`);
    const before = caller.mediaFrames().length;
    const stoppedBefore = rig.openai.transcription.filter(
      (e) => e.type === "input_audio_buffer.speech_stopped",
    ).length;
    await caller.play(Buffer.concat([mulawTone(800), mulawSilence(SILENCE_MS + 400)]));
    const [first] = await caller.received.waitFor(
      (m) => m.event === "media" && m.at > caller.lastSpeechSentAt,
      { timeoutMs: 15_000 },
    );
    if (caller.mediaFrames().length <= before) throw new Error("no reply frames");
    const stopped = rig.openai.transcription
      .filter((e) => e.type === "input_audio_buffer.speech_stopped")
      .at(stoppedBefore);
    return {
      total: first!.at - caller.lastSpeechSentAt,
      afterVad: first!.at - (stopped?.at ?? caller.lastSpeechSentAt),
    };
  } finally {
    await rig.bus.request(VoiceCallEnd, {}, { callId: record.callId });
    await caller.stop().catch(() => undefined);
  }
}

/** Gather: Twilio posts the speech result → TwiML with the reply's `<Say>` back (Twilio's own end-of-speech wait and TTS come on top). */
async function gatherRound(rig: Rig, n: number): Promise<number> {
  const { record, body } = await call(rig, n);
  const action = /<Gather [^>]*action="([^"]+)"/.exec(body)?.[1]?.replace(/&amp;/g, "&");
  if (!action) throw new Error(`no <Gather> in ${body}`);
  try {
    const params = {
      ...voiceWebhookParams({
        accountSid: rig.account.sid,
        callSid: record.providerCallId!,
        from: "+15550002222",
        to: record.to,
        callStatus: "in-progress",
        direction: "outbound-api",
      }),
      SpeechResult: `question number ${n}`,
      Confidence: "0.9",
    };
    const started = performance.now();
    let url = action;
    for (let hop = 0; hop < 5; hop++) {
      const request = signedWebhookRequest(rig.account.authToken, url, params);
      const text = await (await fetch(request.url, request.init)).text();
      if (text.includes("<Say>")) return performance.now() - started;
      const redirect = /<Redirect[^>]*>([^<]+)<\/Redirect>/.exec(text)?.[1];
      if (!redirect) throw new Error(`no reply and no redirect: ${text}`);
      url = redirect.replace(/&amp;/g, "&");
    }
    throw new Error("no reply after 5 redirects");
  } finally {
    await rig.bus.request(VoiceCallEnd, {}, { callId: record.callId });
  }
}

export const suite: BenchSuite = {
  name: "voice-latency",
  description: `End of caller speech → first reply audio, streamed (Media Streams: caller μ-law → transcription fake with energy VAD, silence ${SILENCE_MS} ms → echo agent on the bus → OpenAI speech fake → μ-law frames back) against the Gather loop (speech webhook → TwiML with the reply's <Say>), ${ROUNDS} calls each on the same fakes and the built \`clawfleet voice\` process; medians. No budget: the figures are reported side by side.`,
  async run() {
    const nats = await startNatsServer();
    const bus = await connectBus({ servers: nats.url, name: "bench", logger: silentLogger });
    const twilio = new TwilioFake();
    const account = twilio.addAccount();
    const openai = new OpenAiVoiceFake();
    const rig: Rig = {
      nats,
      bus,
      twilio,
      account,
      openai,
      apiBase: await twilio.start(),
      openaiBase: await openai.start(),
    };
    const agent = startEchoAgent(bus);
    try {
      const streamed: { total: number; afterVad: number }[] = [];
      step(`${ROUNDS + 1} streamed calls`);
      let proc = await startVoice(rig, true);
      try {
        for (let i = 0; i < ROUNDS + 1; i++) {
          const round = await streamedRound(rig, i);
          if (i > 0) streamed.push(round); // the first call warms up the process
        }
      } finally {
        await proc.stop();
      }
      const gather: number[] = [];
      step(`${ROUNDS + 1} Gather-loop calls`);
      proc = await startVoice(rig, false);
      try {
        for (let i = 0; i < ROUNDS + 1; i++) {
          const ms = await gatherRound(rig, 100 + i);
          if (i > 0) gather.push(ms);
        }
      } finally {
        await proc.stop();
      }
      const total = median(streamed.map((r) => r.total));
      const afterVad = median(streamed.map((r) => r.afterVad));
      const reply = median(gather);
      const scale = Math.max(total, reply) / 40;
      const metrics: Record<string, Measurement> = {
        "streamed: end of speech → first audio frame (median)": info(total, "ms"),
        "streamed: transcriber's speech_stopped → first audio frame (median)": info(afterVad, "ms"),
        "gather: speech webhook → TwiML with the reply (median)": info(reply, "ms"),
      };
      return {
        metrics,
        notes: [
          bar("streamed, end of speech", total, scale),
          bar("streamed, after VAD", afterVad, scale),
          bar("gather, webhook → TwiML", reply, scale),
          `streamed rounds (ms): ${streamed.map((r) => Math.round(r.total)).join(", ")}; gather rounds (ms): ${gather.map(Math.round).join(", ")}`,
          `The streamed figure includes the transcriber's end-of-speech silence (${SILENCE_MS} ms, OpenClaw's default silenceDurationMs) and one TTS request for the first sentence. The Gather figure starts when Twilio posts the recognised speech: on a real call Twilio's own end-of-speech wait (speechTimeout auto, about 1–2 s) comes before it and its <Say> synthesis after it, neither of which the fakes model, so the real Gather gap is that much larger.`,
        ],
      };
    } finally {
      await agent.stop();
      await bus.close();
      await twilio.stop();
      await openai.stop();
      await nats.dispose();
    }
  },
};
