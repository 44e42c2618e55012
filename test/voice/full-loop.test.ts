import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ChatHistory, connectBus, VoiceCallStatus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import { AnthropicFake, lastInput, launchCli, startEchoAgent, startNatsServer, TwilioFake, type EchoAgent, type LaunchedCli, type NatsTestServer } from "@clawfleet/testkit";
import { directTransport, TwilioCaller } from "./support/twilio-caller.js";
import { eventually, freePort, writeVoiceConfig } from "./support/voice-host.js";

// The done-when loop with built processes: `clawfleet voice` + the Twilio fake + an agent.
// By default the agent is the bus-level echo stand-in; CLAWFLEET_E2E_REAL_AGENTS=1 runs
// `clawfleet agents` against the Anthropic fake instead (both answer `echo: <text>`), and then
// also checks the session's transcript through the agents' chat history.
const REAL_AGENTS = process.env.CLAWFLEET_E2E_REAL_AGENTS === "1";
// CLAWFLEET_E2E_VIA_GATEWAY=1: Twilio posts to `clawfleet gateway`'s /voice/* route (the public
// deployment) instead of the voice listener (the private one, behind ngrok).
const VIA_GATEWAY = process.env.CLAWFLEET_E2E_VIA_GATEWAY === "1";

describe(`a phone call with the agent (${REAL_AGENTS ? "real agents service + LLM fake" : "echo agent stand-in"}, via ${VIA_GATEWAY ? "the gateway" : "the voice listener"})`, { timeout: 180_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  const twilio = new TwilioFake();
  const llm = new AnthropicFake();
  const account = twilio.addAccount();
  const procs: LaunchedCli[] = [];
  let echo: EchoAgent | undefined;
  let webhook: string;

  before(async () => {
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
    const apiBase = await twilio.start();
    const port = await freePort();
    const gatewayPort = await freePort();
    webhook = VIA_GATEWAY ? `http://127.0.0.1:${gatewayPort}/voice/webhook` : `http://127.0.0.1:${port}/voice/webhook`;
    const { stateDir, file } = writeVoiceConfig({
      provider: "twilio", fromNumber: "+15550002222", publicUrl: webhook, inboundPolicy: "allowlist", allowFrom: ["+15551230000"],
      inboundGreeting: "You are talking to clawfleet.", serve: { port },
    });
    const env = { NATS_URL: nats.url, OPENCLAW_STATE_DIR: stateDir, OPENCLAW_CONFIG_PATH: file, TWILIO_API_BASE: apiBase, TWILIO_ACCOUNT_SID: account.sid, TWILIO_AUTH_TOKEN: account.authToken };
    procs.push(launchCli(["voice"], env));
    if (VIA_GATEWAY) procs.push(launchCli(["gateway", "--allow-unconfigured", "--port", String(gatewayPort), "--bind", "loopback"], { ...env, OPENCLAW_GATEWAY_TOKEN: "gateway-token-for-tests" }));
    if (REAL_AGENTS) procs.push(launchCli(["agents"], { ...env, ANTHROPIC_API_KEY: "sk-ant-test-key", ANTHROPIC_BASE_URL: await llm.start() }));
    else echo = startEchoAgent(bus);
    for (const proc of procs) await proc.waitReady(20_000);
    await procs[0]!.waitForLine(/voice listener on/, 20_000);
  });
  after(async () => {
    await echo?.stop();
    await Promise.all(procs.map((p) => p.stop()));
    await bus?.nc.close();
    await twilio.stop();
    if (REAL_AGENTS) await llm.stop();
    await nats?.dispose();
  });

  it("greeting, speech, spoken reply, next gather, hang-up; the session has the transcript", async () => {
    const call = new TwilioCaller(account, `CA${"5".repeat(32)}`, "+15551230000", "+15550002222", directTransport(account.authToken));
    assert.deepEqual((await call.ring(webhook)).said, ["You are talking to clawfleet."]);
    // The real agents service wraps untrusted channel text before the model sees it, so the LLM fake echoes the wrapper too.
    const echoed = REAL_AGENTS ? /^echo: [\s\S]*remind me to buy bread/ : /^echo: remind me to buy bread$/;
    const reply = await call.say("remind me to buy bread");
    assert.equal(reply.said.length, 1, reply.body);
    assert.match(reply.said[0]!, echoed);
    assert.match(reply.gatherAction ?? "", /turn=2$/, "the next Gather is open");
    await call.hangUp(`${webhook}?callId=${call.callSid}&event=status`);

    const record = await eventually(async () => {
      const current = await bus.request(VoiceCallStatus, {}, { callId: call.callSid });
      return current.status === "completed" ? current : undefined;
    });
    assert.deepEqual(record.transcript?.map((e) => e.role), ["assistant", "user", "assistant"]);
    assert.deepEqual(record.transcript?.slice(0, 2).map((e) => e.text), ["You are talking to clawfleet.", "remind me to buy bread"]);
    assert.match(record.transcript?.[2]?.text ?? "", echoed);
    const sessionKey = "agent:main:voice:15551230000";
    assert.equal(record.sessionKey, sessionKey);
    if (REAL_AGENTS) {
      const history = await bus.request(ChatHistory, {}, { sessionKey });
      const [user, assistant] = history.messages.slice(-2);
      assert.equal(user?.role, "user");
      assert.match(user?.text ?? "", /remind me to buy bread/);
      assert.equal(assistant?.role, "assistant");
      assert.match(assistant?.text ?? "", echoed);
    } else {
      assert.equal((await lastInput(bus, sessionKey))?.text, "remind me to buy bread");
    }
  });
});
