import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  connectBus,
  Inbox,
  readSubject,
  VoiceCallStatus,
  VoiceWebhook,
  type Bus,
} from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { silentLogger } from "@clawfleet/log";
import {
  launchCli,
  signTwilioRequest,
  startEchoAgent,
  startNatsServer,
  TwilioFake,
  type EchoAgent,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { TwilioCaller, type WebhookTransport } from "./support/twilio-caller.js";
import { writeVoiceConfig } from "./support/voice-host.js";

// Until the agents service lands, startEchoAgent stands in for it; it answers like the LLM fake's
// default (`echo: <text>`), so the same assertions hold with `node dist/index.js agents` + AnthropicFake.

const PUBLIC = "https://voice.example.test/voice/webhook";
const SESSION = "agent:main:voice:15551230000";

describe("voice as separate processes (built CLI)", { timeout: 180_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  const twilio = new TwilioFake();
  const account = twilio.addAccount();
  let env: Record<string, string>;
  const procs: LaunchedCli[] = [];
  let agent: EchoAgent | undefined;

  before(async () => {
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
    const apiBase = await twilio.start();
    const { stateDir, file } = writeVoiceConfig({
      provider: "twilio",
      fromNumber: "+15550002222",
      publicUrl: PUBLIC,
      inboundPolicy: "open",
      maxConcurrentCalls: 2,
      serve: { port: 0 },
      twilio: { accountSid: account.sid, authToken: account.authToken },
    });
    env = {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: file,
      TWILIO_API_BASE: apiBase,
    };
  });
  after(async () => {
    await agent?.stop();
    await Promise.all(procs.map((p) => p.stop("SIGKILL")));
    await bus?.close();
    await twilio.stop();
    await nats?.dispose();
  });

  async function startVoice(): Promise<LaunchedCli> {
    const proc = launchCli(["voice"], env);
    procs.push(proc);
    await proc.waitReady(20_000);
    await proc.waitForLine(/ready: voice/, 20_000);
    return proc;
  }

  // The gateway's /voice/* route: forwards the signed request over the bus to any voice instance.
  const viaGateway: WebhookTransport = async (url, params) => {
    const parsed = new URL(url);
    const answer = await bus.request(
      VoiceWebhook,
      {},
      {
        method: "POST",
        url: `${parsed.pathname}${parsed.search}`,
        publicUrl: url,
        body: new URLSearchParams(params).toString(),
        receivedAt: Date.now(),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signTwilioRequest(account.authToken, url, params),
        },
      },
    );
    return { status: answer.status, body: answer.body };
  };

  it("any instance answers any webhook, and a reply survives kill -9 of an instance and is spoken once", async () => {
    const [first] = [await startVoice(), await startVoice()];
    agent = startEchoAgent(bus);
    const call = new TwilioCaller(
      account,
      `CA${"7".repeat(32)}`,
      "+15551230000",
      "+15550002222",
      viaGateway,
    );
    assert.deepEqual((await call.ring(PUBLIC)).said, ["Hello! How can I help you?"]);
    assert.deepEqual((await call.say("turn one")).said, ["echo: turn one"]);
    assert.deepEqual((await call.say("turn two")).said, ["echo: turn two"]);

    await agent.stop();
    const thinking = await call.say("turn three", 0);
    assert.deepEqual(thinking.said, [], "no reply yet: the agent is down");
    assert.match(thinking.redirect ?? "", /event=wait$/, "the call keeps the line open");

    first!.child.kill("SIGKILL");
    await first!.exited;
    agent = startEchoAgent(bus);
    const resumed = await call.follow();
    assert.deepEqual(resumed.said, ["echo: turn three"], "the surviving instance speaks the reply");
    assert.deepEqual(
      (await call.say("turn four")).said,
      ["echo: turn four"],
      "the conversation goes on",
    );

    const record = await bus.request(VoiceCallStatus, {}, { callId: call.callSid });
    assert.deepEqual(
      record.transcript?.filter((e) => e.role === "assistant").map((e) => e.text),
      [
        "Hello! How can I help you?",
        "echo: turn one",
        "echo: turn two",
        "echo: turn three",
        "echo: turn four",
      ],
    );
    const inputs = await readSubject(bus, Inbox, { session: sessionToken(SESSION) });
    assert.deepEqual(
      inputs.map((e) => e.data.text),
      ["turn one", "turn two", "turn three", "turn four"],
      "each turn reached the agent once",
    );
    await call.hangUp(`${PUBLIC}?callId=${call.callSid}&event=status`);
    assert.equal(
      (await bus.request(VoiceCallStatus, {}, { callId: call.callSid })).status,
      "completed",
    );
  });

  it("exits 0 on SIGTERM, with no secret in its logs", async () => {
    const proc = await startVoice();
    const { code } = await proc.stop("SIGTERM");
    assert.equal(code, 0);
    for (const line of proc.lines)
      assert.ok(!line.includes(account.authToken), `auth token leaked: ${line}`);
  });
});
