import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ChatHistory, connectBus, VoiceCallStatus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  AnthropicFake,
  lastInput,
  launchCli,
  startEchoAgent,
  startNatsServer,
  TwilioFake,
  type EchoAgent,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { directTransport, TwilioCaller } from "./support/twilio-caller.js";
import { eventually, freePort, writeVoiceConfig } from "./support/voice-host.js";

// The done-when loop with built processes: `clawfleet voice` + the Twilio fake + an agent,
// in both deployments: the public one (Twilio posts to `clawfleet gateway`'s /voice/* route, and
// `clawfleet agents` answers through the Anthropic fake) and the private one (Twilio reaches the
// voice listener through a tunnel; the bus-level echo stand-in answers). Both answer `echo: <text>`.
const variants = [
  { realAgents: true, viaGateway: true },
  { realAgents: false, viaGateway: false },
] as const;

for (const { realAgents, viaGateway } of variants)
  describe(
    `a phone call with the agent (${realAgents ? "real agents service + LLM fake" : "echo agent stand-in"}, via ${viaGateway ? "the gateway" : "the voice listener"})`,
    { timeout: 180_000 },
    () => {
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
        webhook = viaGateway
          ? `http://127.0.0.1:${gatewayPort}/voice/webhook`
          : `http://127.0.0.1:${port}/voice/webhook`;
        const { stateDir, file } = writeVoiceConfig({
          provider: "twilio",
          fromNumber: "+15550002222",
          publicUrl: webhook,
          inboundPolicy: "allowlist",
          allowFrom: ["+15551230000"],
          inboundGreeting: "You are talking to clawfleet.",
          serve: { port },
        });
        const env = {
          NATS_URL: nats.url,
          OPENCLAW_STATE_DIR: stateDir,
          OPENCLAW_CONFIG_PATH: file,
          TWILIO_API_BASE: apiBase,
          TWILIO_ACCOUNT_SID: account.sid,
          TWILIO_AUTH_TOKEN: account.authToken,
        };
        procs.push(launchCli(["voice"], env));
        if (viaGateway)
          procs.push(
            launchCli(
              [
                "gateway",
                "--allow-unconfigured",
                "--port",
                String(gatewayPort),
                "--bind",
                "loopback",
              ],
              { ...env, OPENCLAW_GATEWAY_TOKEN: "gateway-token-for-tests" },
            ),
          );
        if (realAgents)
          procs.push(
            launchCli(["agents"], {
              ...env,
              ANTHROPIC_API_KEY: "sk-ant-test-key",
              ANTHROPIC_BASE_URL: await llm.start(),
            }),
          );
        else echo = startEchoAgent(bus);
        for (const proc of procs) await proc.waitReady(20_000);
        await procs[0]!.waitForLine(/voice listener on/, 20_000);
      });
      after(async () => {
        await echo?.stop();
        await Promise.all(procs.map((p) => p.stop()));
        await bus?.close();
        await twilio.stop();
        if (realAgents) await llm.stop();
        await nats?.dispose();
      });

      it("greeting, speech, spoken reply, next gather, hang-up; the session has the transcript", async () => {
        const call = new TwilioCaller(
          account,
          `CA${"5".repeat(32)}`,
          "+15551230000",
          "+15550002222",
          directTransport(account.authToken),
        );
        assert.deepEqual((await call.ring(webhook)).said, ["You are talking to clawfleet."]);
        // The real agents service wraps untrusted channel text before the model sees it, so the LLM fake echoes the wrapper too.
        const echoed = realAgents
          ? /^echo: [\s\S]*remind me to buy bread/
          : /^echo: remind me to buy bread$/;
        const reply = await call.say("remind me to buy bread");
        assert.equal(reply.said.length, 1, reply.body);
        assert.match(reply.said[0]!, echoed);
        assert.match(reply.gatherAction ?? "", /turn=2$/, "the next Gather is open");
        await call.hangUp(`${webhook}?callId=${call.callSid}&event=status`);

        const record = await eventually(async () => {
          const current = await bus.request(VoiceCallStatus, {}, { callId: call.callSid });
          return current.status === "completed" ? current : undefined;
        });
        assert.deepEqual(
          record.transcript?.map((e) => e.role),
          ["assistant", "user", "assistant"],
        );
        assert.deepEqual(
          record.transcript?.slice(0, 2).map((e) => e.text),
          ["You are talking to clawfleet.", "remind me to buy bread"],
        );
        assert.match(record.transcript?.[2]?.text ?? "", echoed);
        const sessionKey = "agent:main:voice:15551230000";
        assert.equal(record.sessionKey, sessionKey);
        if (realAgents) {
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
    },
  );
