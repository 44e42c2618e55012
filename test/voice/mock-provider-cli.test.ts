import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  startEchoAgent,
  startNatsServer,
  type EchoAgent,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { connectBus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import { runCli } from "../../src/cli/run-cli.js";
import { startVoiceHost, writeVoiceConfig, type VoiceHost } from "./support/voice-host.js";

describe("provider mock, played from the CLI", { timeout: 120_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  let agent: EchoAgent;
  let voice: VoiceHost;

  before(async () => {
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
    const { stateDir, file } = writeVoiceConfig({
      provider: "mock",
      inboundPolicy: "open",
      inboundGreeting: "Mock line, go ahead.",
      maxConcurrentCalls: 3,
      serve: { port: 0 },
    });
    voice = await startVoiceHost({
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: file,
    });
    agent = startEchoAgent(bus);
  });
  after(async () => {
    await agent?.stop();
    await voice?.stop();
    await bus?.close();
    await nats?.dispose();
  });

  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(["voicecall", ...args], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: { NATS_URL: nats.url },
      isTerminal: false,
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  it("places a conversation call, speaks as the caller, hears the agent, and hangs up", async () => {
    const placed = await cli(
      "call",
      "--to",
      "+15550001111",
      "--mode",
      "conversation",
      "--message",
      "Hello, this is your agent.",
    );
    assert.equal(placed.code, 0, placed.err);
    const callId = /^(call-[a-z0-9-]+)/m.exec(placed.out)?.[1];
    assert.ok(callId, placed.out);
    assert.match(placed.out, /outbound us → \+15550001111 {2}conversation {2}in-progress/);
    assert.match(placed.out, /agent : Hello, this is your agent\./);
    assert.match(placed.out, new RegExp(`play the caller: clawfleet voicecall say ${callId}`));

    const said = await cli("say", callId, "--message", "what time is it");
    assert.equal(said.code, 0, said.err);
    assert.match(said.out, /^agent : echo: what time is it$/m);

    const status = await cli("status", callId, "--json");
    const record = JSON.parse(status.out);
    assert.equal(record.sessionKey, "agent:main:voice:15550001111");
    assert.deepEqual(
      record.transcript.map((e: { text: string }) => e.text),
      ["Hello, this is your agent.", "what time is it", "echo: what time is it"],
    );

    const silence = await cli("say", callId, "--message", "");
    assert.match(silence.out, /agent : Are you still there\?/);

    const ended = await cli("end", callId);
    assert.equal(ended.code, 0, ended.err);
    assert.match(ended.out, /completed \(agent-hangup\)/);
  });

  it("rings in as a caller and notifies", async () => {
    const inbound = await cli("inbound", "--from", "+15559870000");
    assert.equal(inbound.code, 0, inbound.err);
    assert.match(inbound.out, /agent : Mock line, go ahead\./);
    const callId = /call (call-[a-z0-9-]+) in-progress/.exec(inbound.out)?.[1];
    assert.ok(callId, inbound.out);
    assert.match(
      (await cli("say", callId, "--message", "hello from the phone")).out,
      /agent : echo: hello from the phone/,
    );
    assert.equal(agent.answered.at(-1)?.sessionKey, "agent:main:voice:15559870000");

    const notify = await cli("call", "--to", "+15550002222", "--message", "Dinner is ready.");
    assert.match(notify.out, /notify {2}completed \(notified\)/);
    const list = await cli("list");
    assert.match(list.out, /notify {2}completed/);
    const service = await cli("status");
    assert.match(service.out, /^voice enabled \(provider mock\)/m);
    assert.match(service.out, /live calls 1\/3/);
    await cli("end", callId);
  });

  it("explains wrong usage and a missing voice service", async () => {
    assert.equal((await cli("end")).code, 2);
    assert.equal((await cli("frobnicate")).code, 2);
    const bad = await cli("call", "--to", "not-a-number", "--message", "x");
    assert.equal(bad.code, 1);
    assert.match(bad.err, /is not an E\.164 number/);
    await voice.stop();
    const gone = await cli("status");
    assert.equal(gone.code, 1);
    assert.match(gone.err, /no voice service answers on the bus .*clawfleet voice/);
  });
});
