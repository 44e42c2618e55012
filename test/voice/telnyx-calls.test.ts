import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  ChatHistory,
  connectBus,
  VoiceCallInitiate,
  VoiceCallStatus,
  type Bus,
} from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  AnthropicFake,
  launchCli,
  postTelnyxWebhook,
  startNatsServer,
  telnyxEventBody,
  TelnyxFake,
  TelnyxWebhookSigner,
  type LaunchedCli,
  type NatsTestServer,
  type TelnyxCommandRecord,
} from "@clawfleet/testkit";
import {
  eventually,
  freePort,
  startVoiceHost,
  writeVoiceConfig,
  type VoiceHost,
} from "./support/voice-host.js";

const OUR_NUMBER = "+15550002222";
const CALLER = "+15551230000";

// Issue 18 item 1 with the Telnyx fake: signed Call Control webhooks into the voice listener, the
// real agents service answering through the Anthropic fake, replies spoken with `speak` commands.
describe("Telnyx calls (Call Control v2)", { timeout: 180_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  let voice: VoiceHost;
  let agents: LaunchedCli;
  let webhook: string;
  const telnyx = new TelnyxFake();
  const llm = new AnthropicFake();

  before(async () => {
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
    const apiBase = await telnyx.start();
    const port = await freePort();
    webhook = `http://127.0.0.1:${port}/voice/webhook`;
    telnyx.webhookUrl = webhook;
    const { stateDir, file } = writeVoiceConfig({
      provider: "telnyx",
      fromNumber: OUR_NUMBER,
      publicUrl: webhook,
      inboundPolicy: "allowlist",
      allowFrom: [CALLER],
      inboundGreeting: "You are talking to clawfleet.",
      maxConcurrentCalls: 2,
      serve: { port },
    });
    const env = {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: file,
      TELNYX_API_BASE: apiBase,
      TELNYX_API_KEY: telnyx.apiKey,
      TELNYX_CONNECTION_ID: telnyx.connectionId,
      TELNYX_PUBLIC_KEY: telnyx.publicKey,
    };
    agents = launchCli(["agents"], {
      ...env,
      ANTHROPIC_API_KEY: "sk-ant-test-key",
      ANTHROPIC_BASE_URL: await llm.start(),
    });
    voice = await startVoiceHost(env);
    await agents.waitReady(30_000);
  });
  after(async () => {
    await agents?.stop();
    await voice?.stop();
    await bus?.close();
    await telnyx.stop();
    await llm.stop();
    await nats?.dispose();
  });

  const commandsOf = (id: string, action?: string): TelnyxCommandRecord[] =>
    telnyx.commands.filter((c) => c.callControlId === id && (!action || c.action === action));
  const spoken = (id: string): string[] =>
    commandsOf(id, "speak").map((c) => String(c.body.payload));

  it("a signed inbound call: answer, greeting, the caller's words to the agent, the reply spoken, hang-up", async () => {
    const call = await telnyx.ringInbound(CALLER, OUR_NUMBER);
    await eventually(() => telnyx.call(call.callControlId).transcribing, 15_000, "listening");
    assert.equal(commandsOf(call.callControlId, "answer").length, 1);
    assert.deepEqual(spoken(call.callControlId), ["You are talking to clawfleet."]);

    await telnyx.say(call.callControlId, "remind me to buy bread");
    // The real agents service wraps untrusted channel text, so the LLM fake echoes the wrapper too.
    const reply = await eventually(
      () => spoken(call.callControlId).find((text) => text.startsWith("echo:")),
      30_000,
      "the agent's reply spoken",
    );
    assert.match(reply, /remind me to buy bread/);
    await eventually(() => telnyx.call(call.callControlId).transcribing, 10_000, "next turn");
    assert.ok(commandsOf(call.callControlId, "transcription_stop").length >= 1);

    await telnyx.hangUp(call.callControlId);
    const callId = `tx-${call.callLegId}`;
    const record = await eventually(async () => {
      const current = await bus.request(VoiceCallStatus, {}, { callId });
      return current.status === "completed" ? current : undefined;
    });
    assert.equal(record.provider, "telnyx");
    assert.equal(record.direction, "inbound");
    assert.deepEqual(
      record.transcript?.slice(0, 2).map((e) => e.text),
      ["You are talking to clawfleet.", "remind me to buy bread"],
    );
    assert.equal(record.transcript?.[2]?.role, "assistant");
    assert.match(record.transcript?.[2]?.text ?? "", /^echo: [\s\S]*remind me to buy bread/);
    const history = await bus.request(ChatHistory, {}, { sessionKey: record.sessionKey });
    assert.match(history.messages.at(-2)?.text ?? "", /remind me to buy bread/);
    assert.ok(telnyx.webhooks.all().every((w) => w.status === 200));
  });

  it("refuses a caller outside allowFrom politely: answered, told why, hung up, recorded", async () => {
    const call = await telnyx.ringInbound("+15559990000", OUR_NUMBER);
    await eventually(() => commandsOf(call.callControlId, "hangup").length === 1);
    assert.deepEqual(spoken(call.callControlId), [
      "Sorry, this number cannot take your call. Goodbye.",
    ]);
    const record = await bus.request(VoiceCallStatus, {}, { callId: `tx-${call.callLegId}` });
    assert.equal(record.status, "rejected");
    assert.equal(record.endReason, "not-allowed");
  });

  it("refuses unsigned and wrongly signed webhooks with 403 and records nothing; bad JSON is a 400", async () => {
    const legId = randomUUID();
    const payload = {
      call_control_id: `v3:forged-${randomBytes(6).toString("hex")}`,
      call_leg_id: legId,
      call_session_id: randomUUID(),
      client_state: null,
      from: CALLER,
      to: OUR_NUMBER,
      direction: "incoming" as const,
      state: "parked",
    };
    const body = telnyxEventBody("call.initiated", payload);
    const now = Math.floor(Date.now() / 1000);
    const good = telnyx.signer.headers(body);
    const variants: Record<string, Record<string, string>> = {
      unsigned: {},
      "timestamp only": { "telnyx-timestamp": String(now) },
      "random signature of the right length": {
        ...good,
        "telnyx-signature-ed25519": randomBytes(64).toString("base64"),
      },
      "another key of the right length": new TelnyxWebhookSigner().headers(body),
      "a stale timestamp": telnyx.signer.headers(body, now - 600),
      "a timestamp from the future": telnyx.signer.headers(body, now + 600),
      "the signature of a different body": telnyx.signer.headers(body.replace(CALLER, "+1555")),
      "a signature for another timestamp": {
        ...telnyx.signer.headers(body, now - 5),
        "telnyx-timestamp": String(now),
      },
      "an empty signature": { ...good, "telnyx-signature-ed25519": "" },
    };
    for (const [what, headers] of Object.entries(variants)) {
      const answer = await postTelnyxWebhook(webhook, body, headers);
      assert.equal(answer.status, 403, `${what}: ${answer.status} ${answer.body}`);
    }
    await assert.rejects(
      bus.request(VoiceCallStatus, {}, { callId: `tx-${legId}` }),
      /no call/,
      "nothing was recorded for a forged call",
    );
    assert.equal(commandsOf(payload.call_control_id).length, 0, "no command was sent");
    assert.ok(
      voice.lines.some((line) => line.includes("rejected a Telnyx webhook: stale-timestamp")),
    );
    for (const line of voice.lines) assert.ok(!line.includes(telnyx.apiKey), "the API key leaked");

    const malformed = "{not json";
    const bad = await postTelnyxWebhook(webhook, malformed, telnyx.signer.headers(malformed));
    assert.equal(bad.status, 400);
    assert.match(bad.body, /the webhook body is not JSON/);
    const shapeless = JSON.stringify({ data: { event_type: "call.initiated" } });
    const odd = await postTelnyxWebhook(webhook, shapeless, telnyx.signer.headers(shapeless));
    assert.equal(odd.status, 400);
    assert.match(odd.body, /not a Telnyx Call Control event: data\.payload/);
    // A correctly signed event still gets through afterwards: the service is alive.
    const dtmf = telnyxEventBody("call.dtmf.received", { ...payload, digit: "5" });
    assert.equal((await postTelnyxWebhook(webhook, dtmf, telnyx.signer.headers(dtmf))).status, 200);
  });

  it("places an outbound notify call through the RPC: dial, message spoken when answered, hang-up", async () => {
    const placed = await bus.request(
      VoiceCallInitiate,
      {},
      { to: "+15557654321", message: "Your package has arrived.", mode: "notify" },
    );
    assert.equal(placed.provider, "telnyx");
    const [dial] = await telnyx.commands.waitFor((c) => c.action === "dial" && c.status === 200);
    assert.equal(dial!.body.connection_id, telnyx.connectionId);
    assert.equal(dial!.body.to, "+15557654321");
    assert.equal(dial!.body.from, OUR_NUMBER);
    assert.equal(dial!.body.time_limit_secs, 300);
    assert.ok(String(dial!.body.webhook_url).startsWith(webhook));
    const id = dial!.callControlId;
    assert.equal(placed.providerCallId, id);

    await telnyx.answer(id);
    await eventually(() => commandsOf(id, "hangup").length === 1, 10_000, "hang-up");
    assert.deepEqual(spoken(id), ["Your package has arrived."]);
    const record = await eventually(async () => {
      const current = await bus.request(VoiceCallStatus, {}, { callId: placed.callId });
      return current.status === "completed" ? current : undefined;
    });
    assert.equal(record.endReason, "notified");
  });
});
