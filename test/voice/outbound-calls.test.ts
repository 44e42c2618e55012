import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  connectBus,
  VoiceCallEnd,
  VoiceCallInitiate,
  VoiceCallList,
  VoiceCallStatus,
  VoiceStatus,
  type Bus,
} from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  startEchoAgent,
  startNatsServer,
  TwilioFake,
  type EchoAgent,
  type NatsTestServer,
  type TwilioAccount,
} from "@clawfleet/testkit";
import { directTransport, readTwiml, TwilioCaller } from "./support/twilio-caller.js";
import {
  eventually,
  freePort,
  startVoiceHost,
  writeVoiceConfig,
  type VoiceHost,
} from "./support/voice-host.js";

const OUR_NUMBER = "+15550002222";

describe("outbound calls (voicecall.initiate / status / end)", { timeout: 120_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  let agent: EchoAgent;
  let voice: VoiceHost;
  let webhook: string;
  const twilio = new TwilioFake();
  let account: TwilioAccount;

  before(async () => {
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
    account = twilio.addAccount();
    const apiBase = await twilio.start();
    const port = await freePort();
    webhook = `http://127.0.0.1:${port}/voice/webhook`;
    const { stateDir, file } = writeVoiceConfig({
      provider: "twilio",
      fromNumber: OUR_NUMBER,
      publicUrl: webhook,
      maxConcurrentCalls: 2,
      maxDurationSeconds: 120,
      serve: { port },
    });
    voice = await startVoiceHost({
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: file,
      TWILIO_API_BASE: apiBase,
      TWILIO_ACCOUNT_SID: account.sid,
      TWILIO_AUTH_TOKEN: account.authToken,
    });
    agent = startEchoAgent(bus);
  });

  after(async () => {
    await agent?.stop();
    await voice?.stop();
    await bus?.close();
    await twilio.stop();
    await nats?.dispose();
  });

  const status = (callId: string) => bus.request(VoiceCallStatus, {}, { callId });

  it("creates the call at Twilio with the public URL and status callback; its status follows the callbacks", async () => {
    const record = await bus.request(
      VoiceCallInitiate,
      {},
      { to: "+1 555 000 1111", message: "Your package arrived.", mode: "notify" },
    );
    assert.equal(record.direction, "outbound");
    assert.equal(record.to, "+15550001111");
    assert.equal(record.status, "initiated");
    assert.equal(record.sessionKey, "agent:main:voice:15550001111");
    const created = twilio.requests.filter((r) => r.route === "createCall").at(-1);
    assert.equal(created?.status, 201);
    assert.equal(created?.params["Url"], `${webhook}?callId=${record.callId}&event=answer`);
    assert.equal(
      created?.params["StatusCallback"],
      `${webhook}?callId=${record.callId}&event=status`,
    );
    assert.equal(created?.params["From"], OUR_NUMBER);
    assert.equal(created?.params["To"], "+15550001111");
    assert.equal(created?.params["TimeLimit"], "120");
    const sid = record.providerCallId!;
    assert.match(sid, /^CA[0-9a-f]{32}$/);
    assert.deepEqual(twilio.call(sid).statusCallbackEvents, [
      "initiated",
      "ringing",
      "answered",
      "completed",
    ]);

    await twilio.setCallStatus(sid, "ringing");
    assert.equal((await status(record.callId)).status, "ringing");
    const twiml = readTwiml(200, await twilio.answerCall(sid));
    assert.deepEqual(twiml.said, ["Your package arrived."]);
    assert.ok(twiml.hangup, "a notification hangs up after its message");
    const answered = await status(record.callId);
    assert.ok(answered.answeredAt);
    assert.deepEqual(
      answered.transcript?.map((e) => e.text),
      ["Your package arrived."],
    );
    await twilio.setCallStatus(sid, "completed");
    const done = await status(record.callId);
    assert.equal(done.status, "completed");
    assert.ok(done.endedAt);
    assert.ok(
      twilio.webhooks
        .all()
        .filter((w) => w.kind === "status")
        .every((w) => w.status === 200),
      "every signed status callback was accepted",
    );
  });

  it("a conversation call listens after its message, talks with the agent, and voicecall.end hangs up at Twilio", async () => {
    const record = await bus.request(
      VoiceCallInitiate,
      {},
      { to: "+15550003333", message: "Hi, it's your agent calling.", mode: "conversation" },
    );
    const sid = record.providerCallId!;
    const caller = new TwilioCaller(
      account,
      sid,
      OUR_NUMBER,
      "+15550003333",
      directTransport(account.authToken),
    );
    caller.last = readTwiml(200, await twilio.answerCall(sid));
    assert.deepEqual(caller.last.said, ["Hi, it's your agent calling."]);
    assert.ok(caller.last.gatherAction);
    assert.deepEqual((await caller.say("call me back tomorrow")).said, [
      "echo: call me back tomorrow",
    ]);
    assert.equal(agent.answered.at(-1)?.sessionKey, "agent:main:voice:15550003333");

    const ended = await bus.request(VoiceCallEnd, {}, { callId: record.callId });
    assert.equal(ended.status, "completed");
    assert.equal(ended.endReason, "agent-hangup");
    assert.equal(twilio.call(sid).status, "completed", "the call was hung up at Twilio");
    assert.equal((await bus.request(VoiceStatus, {}, {})).activeCalls, 0);
    assert.equal(
      (await bus.request(VoiceCallEnd, {}, { callId: record.callId })).status,
      "completed",
      "ending twice is harmless",
    );
  });

  it("refuses what cannot be called, with a message that says why", async () => {
    await assert.rejects(
      bus.request(VoiceCallInitiate, {}, { to: "0039 06 555", message: "x", mode: "notify" }),
      /not an E\.164 number/,
    );
    await assert.rejects(
      bus.request(VoiceCallInitiate, {}, { to: "+15550004444", mode: "notify" }),
      /needs a message/,
    );
    await assert.rejects(
      bus.request(VoiceCallInitiate, {}, { mode: "conversation" }),
      /no number to call/,
    );
    await assert.rejects(
      bus.request(VoiceCallStatus, {}, { callId: "call-nope" }),
      /no call call-nope/,
    );
    await assert.rejects(bus.request(VoiceCallStatus, {}, { callId: "a.b>c" }), /is not a call id/);
  });

  it("a call Twilio refuses is recorded as failed and gives its slot back", async () => {
    twilio.failNext("createCall", {
      kind: "error",
      status: 400,
      code: 21215,
      message: "Account not authorized to call +15550005555",
    });
    await assert.rejects(
      bus.request(VoiceCallInitiate, {}, { to: "+15550005555", message: "hello", mode: "notify" }),
      /Twilio could not place the call: Account not authorized.*code 21215/,
    );
    const failed = (await bus.request(VoiceCallList, {}, { limit: 5 })).calls.find(
      (c) => c.to === "+15550005555",
    );
    assert.equal(failed?.status, "failed");
    assert.match(failed?.error ?? "", /not authorized/);
    await eventually(
      async () => (await bus.request(VoiceStatus, {}, {})).activeCalls === 0,
      5000,
      "slot released",
    );
  });

  it("the cap also limits outbound calls", async () => {
    const one = await bus.request(
      VoiceCallInitiate,
      {},
      { to: "+15550006661", mode: "conversation" },
    );
    const two = await bus.request(
      VoiceCallInitiate,
      {},
      { to: "+15550006662", mode: "conversation" },
    );
    await assert.rejects(
      bus.request(VoiceCallInitiate, {}, { to: "+15550006663", mode: "conversation" }),
      /2 call\(s\) live already/,
    );
    await twilio.setCallStatus(one.providerCallId!, "no-answer");
    assert.equal((await status(one.callId)).status, "no-answer");
    const three = await bus.request(
      VoiceCallInitiate,
      {},
      { to: "+15550006663", mode: "conversation" },
    );
    for (const call of [two, three]) await bus.request(VoiceCallEnd, {}, { callId: call.callId });
  });
});
