import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connectBus, VoiceCallStatus, VoiceStatus, VoiceWebhook, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  lastInput,
  signTwilioRequest,
  startEchoAgent,
  startNatsServer,
  TwilioFake,
  type EchoAgent,
  type NatsTestServer,
  type TwilioAccount,
} from "@clawfleet/testkit";
import { directTransport, TwilioCaller, type WebhookTransport } from "./support/twilio-caller.js";
import {
  eventually,
  freePort,
  startVoiceHost,
  writeVoiceConfig,
  type VoiceHost,
} from "./support/voice-host.js";

const OUR_NUMBER = "+15550002222";
const ALLOWED = ["+15551230000", "+15551230001", "+15551230002"];

describe(
  "inbound calls through the voice listener and the gateway route",
  { timeout: 120_000 },
  () => {
    let nats: NatsTestServer;
    let bus: Bus;
    let agent: EchoAgent;
    let voice: VoiceHost;
    let webhook: string;
    const twilio = new TwilioFake();
    let account: TwilioAccount;
    let sid = 0;
    const callSid = () => `CA${String(++sid).padStart(32, "0")}`;

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
        twilio: { accountSid: account.sid, authToken: account.authToken },
        publicUrl: webhook,
        inboundPolicy: "allowlist",
        allowFrom: ALLOWED,
        inboundGreeting: "Hello from clawfleet.",
        maxConcurrentCalls: 1,
        serve: { port, bind: "127.0.0.1" },
      });
      voice = await startVoiceHost({
        NATS_URL: nats.url,
        OPENCLAW_STATE_DIR: stateDir,
        OPENCLAW_CONFIG_PATH: file,
        TWILIO_API_BASE: apiBase,
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

    const caller = (from: string, send: WebhookTransport = directTransport(account.authToken)) =>
      new TwilioCaller(account, callSid(), from, OUR_NUMBER, send);

    it("runs the whole loop: greeting, speech, spoken reply, next gather, silence, hang-up; the session has the turn", async () => {
      const call = caller(ALLOWED[0]!);
      const greeting = await call.ring(webhook);
      assert.equal(greeting.status, 200);
      assert.deepEqual(greeting.said, ["Hello from clawfleet."]);
      assert.match(greeting.gatherAction ?? "", /callId=CA0+1&event=speech&turn=1$/);

      const reply = await call.say("what's the weather in Rome");
      assert.deepEqual(reply.said, ["echo: what's the weather in Rome"]);
      assert.match(
        reply.gatherAction ?? "",
        /event=speech&turn=2$/,
        "the call listens again after the reply",
      );

      const prompt = await call.silence();
      assert.deepEqual(prompt.said, ["Are you still there?"]);
      assert.ok(prompt.gatherAction);

      const sessionKey = "agent:main:voice:15551230000";
      const input = await lastInput(bus, sessionKey);
      assert.equal(input?.text, "what's the weather in Rome");
      assert.equal(input?.source, "voice");
      assert.deepEqual(input?.replyTarget, {
        channel: "voice",
        accountId: "default",
        peer: { kind: "dm", id: call.callSid },
      });

      await call.hangUp(`${webhook}?callId=${call.callSid}&event=status`);
      const record = await eventually(async () => {
        const current = await bus.request(VoiceCallStatus, {}, { callId: call.callSid });
        return current.status === "completed" ? current : undefined;
      });
      assert.equal(record.sessionKey, sessionKey);
      assert.equal(record.endReason, "hangup");
      assert.deepEqual(
        record.transcript?.map((e) => `${e.role}: ${e.text}`),
        [
          "assistant: Hello from clawfleet.",
          "user: what's the weather in Rome",
          "assistant: echo: what's the weather in Rome",
        ],
      );
      assert.equal(
        (await bus.request(VoiceStatus, {}, {})).activeCalls,
        0,
        "the hang-up frees the call's slot",
      );
    });

    it("refuses a wrong or missing signature with 403 and a log line without secrets", async () => {
      const params = {
        CallSid: callSid(),
        From: ALLOWED[0]!,
        To: OUR_NUMBER,
        AccountSid: account.sid,
        CallStatus: "ringing",
      };
      const forged = await fetch(webhook, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signTwilioRequest("not-the-token-at-all", webhook, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      assert.equal(forged.status, 403);
      const unsigned = await fetch(webhook, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(params).toString(),
      });
      assert.equal(unsigned.status, 403);
      // Near misses: the right length, the real signature with its last characters changed, empty.
      const real = signTwilioRequest(account.authToken, webhook, params);
      const nearMisses = [
        Buffer.from(Buffer.from(real, "base64").map((byte) => byte ^ 0xff)).toString("base64"),
        `${real.slice(0, -3)}${real.at(-3) === "A" ? "B" : "A"}${real.slice(-2)}`,
        "",
      ];
      for (const signature of nearMisses) {
        assert.equal(signature.length === real.length || signature === "", true);
        assert.notEqual(signature, real);
        const answer = await fetch(webhook, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": signature,
          },
          body: new URLSearchParams(params).toString(),
        });
        assert.equal(answer.status, 403, `signature ${JSON.stringify(signature)} was accepted`);
      }
      const rejected = await eventually(
        () =>
          voice.lines.filter((line) => line.includes("X-Twilio-Signature")).length >= 2 &&
          voice.lines.filter((line) => line.includes("X-Twilio-Signature")),
      );
      assert.match(rejected[0]!, /rejected a webhook with an invalid X-Twilio-Signature/);
      assert.match(rejected[1]!, /rejected a webhook with no X-Twilio-Signature/);
      for (const line of voice.lines)
        assert.ok(!line.includes(account.authToken), `the auth token leaked: ${line}`);
      await assert.rejects(
        bus.request(VoiceCallStatus, {}, { callId: params.CallSid }),
        /no call/,
        "nothing was recorded for a forged call",
      );
    });

    it("refuses a caller outside allowFrom politely, and records it", async () => {
      const stranger = caller("+15559990000");
      const answer = await stranger.ring(webhook);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.said, ["Sorry, this number cannot take your call. Goodbye."]);
      assert.ok(answer.hangup);
      assert.equal(answer.gatherAction, undefined);
      const record = await bus.request(VoiceCallStatus, {}, { callId: stranger.callSid });
      assert.equal(record.status, "rejected");
      assert.equal(record.endReason, "not-allowed");
    });

    it("the concurrent-call cap refuses the extra call until the first one ends", async () => {
      const first = caller(ALLOWED[1]!);
      assert.ok((await first.ring(webhook)).gatherAction);
      const second = caller(ALLOWED[2]!);
      const busy = await second.ring(webhook);
      assert.deepEqual(busy.said, [
        "Sorry, all lines are busy right now. Please call again later. Goodbye.",
      ]);
      assert.ok(busy.hangup);
      assert.equal(
        (await bus.request(VoiceCallStatus, {}, { callId: second.callSid })).endReason,
        "busy",
      );
      await first.hangUp(`${webhook}?event=status`);
      const third = caller(ALLOWED[2]!);
      assert.ok((await third.ring(webhook)).gatherAction, "a slot is free again");
      await third.hangUp(`${webhook}?event=status`);
    });

    it("answers webhooks the gateway forwards over the bus, checked against the public URL it reports", async () => {
      const viaGateway: WebhookTransport = async (url, params) => {
        const body = new URLSearchParams(params).toString();
        const parsed = new URL(url);
        const answer = await bus.request(
          VoiceWebhook,
          {},
          {
            method: "POST",
            url: `${parsed.pathname}${parsed.search}`,
            publicUrl: url,
            body,
            receivedAt: Date.now(),
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              "x-twilio-signature": signTwilioRequest(account.authToken, url, params),
            },
          },
        );
        return { status: answer.status, body: answer.body };
      };
      const call = caller(ALLOWED[0]!, viaGateway);
      assert.deepEqual((await call.ring(webhook)).said, ["Hello from clawfleet."]);
      assert.deepEqual((await call.say("through the gateway")).said, ["echo: through the gateway"]);
      await call.hangUp(`${webhook}?event=status`);
      const tampered = await bus.request(
        VoiceWebhook,
        {},
        {
          method: "POST",
          url: "/voice/webhook",
          publicUrl: webhook,
          body: "CallSid=CA1&From=%2B15551230000",
          headers: { "x-twilio-signature": "bm9wZQ==" },
          receivedAt: Date.now(),
        },
      );
      assert.equal(tampered.status, 403);
    });

    it("answers malformed webhooks with a 4xx and keeps serving", async () => {
      const params = { From: ALLOWED[0]!, To: OUR_NUMBER };
      const noSid = await fetch(webhook, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signTwilioRequest(account.authToken, webhook, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      assert.equal(noSid.status, 400);
      assert.equal((await fetch(webhook)).status, 405);
      assert.equal(
        (await fetch(webhook, { method: "POST", body: "x".repeat(100_000) })).status,
        413,
      );
      assert.equal(
        (await fetch(webhook.replace("/voice/webhook", "/elsewhere"), { method: "POST" })).status,
        404,
      );
      const call = caller(ALLOWED[0]!);
      assert.ok((await call.ring(webhook)).gatherAction, "still serving");
      await call.hangUp(`${webhook}?event=status`);
    });
  },
);
