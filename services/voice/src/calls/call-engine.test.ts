import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connectBus, Inbox, provision, provisionPlan, readSubject, type Bus } from "@clawfleet/bus";
import { parseConfigText, type OpenClawConfig } from "@clawfleet/config";
import { sessionToken } from "@clawfleet/core";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { MockTelephony } from "../adapters/mock/mock-telephony.js";
import { hearSpeech } from "../domain/call-flow.js";
import { resolveVoiceSettings } from "../domain/voice-settings.js";
import { CallEngine } from "./call-engine.js";
import { reapCalls } from "./call-reaper.js";
import { CallStore } from "./call-store.js";
import { CallUpdates } from "./call-updates.js";
import { admitInbound } from "./inbound-calls.js";
import { placeOutbound } from "./outbound-calls.js";

function configOf(voice: Record<string, unknown>): OpenClawConfig {
  const parsed = parseConfigText(
    JSON.stringify({ plugins: { entries: { "voice-call": { enabled: true, config: voice } } } }),
    { file: "t.json", env: {} },
  );
  assert.ok(parsed.ok);
  return parsed.config;
}

describe("the call engine on KV", { timeout: 60_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  let store: CallStore;
  let now = 1_700_000_000_000;
  let config = configOf({
    provider: "mock",
    inboundPolicy: "open",
    maxDurationSeconds: 60,
    maxConcurrentCalls: 2,
  });
  let engine: CallEngine;

  before(async () => {
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
    await provision(bus, provisionPlan, silentLogger);
    store = await CallStore.open(bus);
    const telephony = new MockTelephony();
    engine = new CallEngine({
      bus,
      store,
      updates: new CallUpdates(bus),
      telephony: () => telephony,
      settings: () => resolveVoiceSettings(config, {}),
      config: () => config,
      log: silentLogger,
      now: () => now,
    });
  });
  after(async () => {
    await bus?.close();
    await nats?.dispose();
  });

  it("a repeated or concurrent speech webhook submits the caller's words once", async () => {
    const call = await placeOutbound(
      engine,
      { to: "+15550001000", mode: "conversation" },
      undefined,
    );
    const speak = () =>
      engine.step(call.callId, (current, policy, at) =>
        hearSpeech(current, 1, "only once please", policy, at),
      );
    await Promise.all([speak(), speak(), speak()]);
    await speak();
    const inputs = await readSubject(bus, Inbox, { session: sessionToken(call.sessionKey) });
    assert.deepEqual(
      inputs.map((e) => e.data.id),
      [`voice:${call.callId}:1`],
    );
    assert.equal(
      (await store.get(call.callId))?.transcript.filter((e) => e.role === "user").length,
      1,
    );
    await engine.end(call.callId, "test");
  });

  it("hangs up calls past maxDurationSeconds and frees slots nobody released", async () => {
    const long = await placeOutbound(
      engine,
      { to: "+15550001001", mode: "conversation" },
      undefined,
    );
    const inbound = await admitInbound(engine, {
      callId: "mock-in-1",
      provider: "mock",
      from: "+15550001002",
      to: "+15550009999",
    });
    assert.equal(inbound.kind, "admitted");
    await assert.rejects(
      placeOutbound(engine, { to: "+15550001003", mode: "conversation" }, undefined),
      /2 call\(s\) live already/,
    );
    now += 30_000;
    assert.equal(await reapCalls(engine), 0, "nothing is over yet");
    now += 31_000;
    assert.equal(await reapCalls(engine), 1, "the answered call ran past 60 s");
    const ended = await store.get(long.callId);
    assert.equal(ended?.endReason, "max-duration");
    assert.equal(ended?.status, "completed");
    assert.deepEqual(
      await store.liveIds(now),
      ["mock-in-1"],
      "its slot is free; the ringing inbound call still holds one",
    );
    now += 200_000;
    assert.equal(await reapCalls(engine), 1, "a call that never got answered is ended too");
    assert.deepEqual(await store.liveIds(now), []);
  });

  it("reads the config at each call: a tightened allowFrom applies to the next caller without restart", async () => {
    config = configOf({
      provider: "mock",
      inboundPolicy: "allowlist",
      allowFrom: ["+15550002000"],
      maxConcurrentCalls: 2,
    });
    const refused = await admitInbound(engine, {
      callId: "mock-in-2",
      provider: "mock",
      from: "+15550002001",
      to: "x",
    });
    assert.equal(refused.kind, "refused");
    const allowed = await admitInbound(engine, {
      callId: "mock-in-3",
      provider: "mock",
      from: "+1 (555) 000-2000",
      to: "x",
    });
    assert.equal(allowed.kind, "admitted");
    const again = await admitInbound(engine, {
      callId: "mock-in-2",
      provider: "mock",
      from: "+15550002001",
      to: "x",
    });
    assert.equal(
      again.kind,
      "refused",
      "a repeated first webhook of a refused call is refused the same way",
    );
    await engine.end("mock-in-3", "test");
  });
});
