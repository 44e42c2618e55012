import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AgentAbort,
  Buckets,
  connectBus,
  Inbox,
  Outbox,
  readSubject,
  sessionStateSchema,
  Transcript,
  TypedBucket,
  VoiceCallInitiate,
  type Bus,
} from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { silentLogger } from "@clawfleet/log";
import {
  startEchoAgent,
  startNatsServer,
  type EchoAgent,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { startTestGateway, type TestGateway } from "../test-support/gateway-fixture.js";
import { connectClient, type ProtocolClient } from "../test-support/protocol-client.js";

const TOKEN = "chat-flow-token-abcdef123456";
const CONFIG = `{ gateway: { mode: "local" }, channels: { telegram: { botToken: "123:abc", accounts: { main: {}, alt: {} } } } }`;
let nats: NatsTestServer;
let bus: Bus;
let gateway: TestGateway;
let echo: EchoAgent;
let client: ProtocolClient;

before(async () => {
  nats = await startNatsServer();
  gateway = await startTestGateway({ natsUrl: nats.url, token: TOKEN, config: CONFIG });
  bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
  echo = startEchoAgent(bus);
  client = await connectClient(gateway.wsUrl, { token: TOKEN });
});
after(async () => {
  client.close();
  await echo.stop();
  await bus.close();
  await gateway.stop();
  await nats.dispose();
});

describe("chat over the gateway", () => {
  it("chat.send acks at once, then streams chat delta and final events for the run", async () => {
    const ack = await client.request("chat.send", {
      sessionKey: "agent:main:main",
      message: "hello there",
      idempotencyKey: "idem-1",
    });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.equal(ack.payload.status, "started");
    assert.equal(ack.payload.runId, "idem-1");
    const final = await client.waitFor(
      (f) => f.event === "chat" && f.payload.runId === "idem-1" && f.payload.state === "final",
    );
    const delta = client
      .events("chat")
      .find((f) => f.payload.runId === "idem-1" && f.payload.state === "delta")!;
    assert.equal(delta.payload.deltaText, "echo: hello there");
    assert.equal(delta.payload.sessionKey, "agent:main:main");
    assert.ok(delta.seq! < final.seq!, "delta before final");
    assert.equal(final.payload.message.content[0].text, "echo: hello there");
    assert.deepEqual(final.payload.runIds, ["idem-1"]);
    const lifecycle = client
      .events("agent")
      .filter((f) => f.payload.runId === "idem-1" && f.payload.stream === "lifecycle")
      .map((f) => f.payload.data.phase);
    assert.deepEqual(lifecycle, ["start", "end"]);
    const input = echo.answered.find((i) => i.runId === "idem-1")!;
    assert.equal(input.source, "webchat");
    assert.equal(input.trusted, true);
    assert.equal(input.agentId, "main");
  });

  it("a retried chat.send with the same idempotencyKey returns the first result and queues nothing new", async () => {
    const first = await client.request("chat.send", {
      sessionKey: "agent:main:retry",
      message: "once",
      idempotencyKey: "idem-retry",
    });
    const again = await connectClient(gateway.wsUrl, { token: TOKEN });
    const second = await again.request("chat.send", {
      sessionKey: "agent:main:retry",
      message: "once",
      idempotencyKey: "idem-retry",
    });
    assert.deepEqual(second.payload, first.payload);
    const inbox = await readSubject(bus, Inbox, { session: sessionToken("agent:main:retry") });
    assert.equal(inbox.length, 1);
    again.close();
  });

  it("accepts a bare main key and rejects a malformed session key", async () => {
    const ok = await client.request("chat.send", {
      sessionKey: "main",
      message: "x",
      idempotencyKey: "idem-bare",
    });
    assert.equal(ok.payload.sessionKey, "agent:main:main");
    const bad = await client.request("chat.send", { sessionKey: "agent:BAD ID:x", message: "x" });
    assert.equal(bad.error!.code, "INVALID_REQUEST");
    const empty = await client.request("chat.send", { sessionKey: "agent:main:main", message: "" });
    assert.match(empty.error!.message, /message must not be empty/);
  });

  it("chat.abort publishes an abort for the session", async () => {
    const seen: unknown[] = [];
    const sub = bus.subscribe(
      AgentAbort,
      { session: sessionToken("agent:main:main") },
      (payload) => void seen.push(payload),
    );
    await bus.flush();
    const res = await client.request("chat.abort", { sessionKey: "agent:main:main", runId: "r-9" });
    assert.equal(res.payload.ok, true);
    await waitUntil(() => seen.length === 1);
    assert.deepEqual(seen[0], {
      sessionKey: "agent:main:main",
      runId: "r-9",
      reason: "aborted by operator",
    });
    sub.unsubscribe();
  });

  it("agent answers accepted, then a second response with the final result; agent.wait reports it", async () => {
    const accepted = await client.request("agent", {
      message: "do it",
      idempotencyKey: "agent-run-1",
    });
    assert.equal(accepted.payload.status, "accepted");
    assert.equal(accepted.payload.runId, "agent-run-1");
    const id = accepted.id!;
    const final = await client.waitFor(
      (f) => f.type === "res" && f.id === id && f.payload?.status !== "accepted",
    );
    assert.equal(final.payload.status, "ok");
    // OpenClaw's clients print result.payloads[].text (result.text kept for older ones).
    assert.deepEqual(final.payload.result.payloads, [{ text: "echo: do it", mediaUrl: null }]);
    assert.equal(final.payload.result.text, "echo: do it");
    assert.equal(final.payload.result.meta.agentMeta.sessionKey, "agent:main:main");
    assert.ok(final.payload.result.meta.durationMs >= 0);
    const waited = await client.request("agent.wait", { runId: "agent-run-1", timeoutMs: 5000 });
    assert.equal(waited.payload.status, "ok");
    assert.ok(waited.payload.endedAt >= waited.payload.startedAt, JSON.stringify(waited.payload));
    const unknown = await client.request("agent.wait", { runId: "never-ran", timeoutMs: 50 });
    assert.equal(unknown.payload.status, "timeout");
  });

  it("agent with deliver puts the reply target on the input, and the echo lands in OUTBOX", async () => {
    const res = await client.request("agent", {
      message: "tell them",
      deliver: true,
      channel: "telegram",
      accountId: "main",
      to: "4242",
      idempotencyKey: "agent-deliver",
    });
    assert.equal(res.ok, true, JSON.stringify(res));
    await waitUntil(() => echo.answered.some((i) => i.runId === "agent-deliver"));
    const input = echo.answered.find((i) => i.runId === "agent-deliver")!;
    assert.deepEqual(input.replyTarget, {
      channel: "telegram",
      accountId: "main",
      peer: { kind: "dm", id: "4242" },
    });
    const unknownChannel = await client.request("agent", {
      message: "x",
      deliver: true,
      channel: "discord",
      to: "1",
    });
    assert.match(unknownChannel.error!.message, /discord is not configured/);
  });

  it("send queues text in the account's OUTBOX once per idempotencyKey", async () => {
    const params = {
      to: "-100200",
      message: "broadcast",
      channel: "telegram",
      accountId: "alt",
      idempotencyKey: "send-1",
    };
    const first = await client.request("send", params);
    const second = await client.request("send", params);
    assert.equal(first.payload.ok, true, JSON.stringify(first));
    assert.deepEqual(second.payload, first.payload);
    const outbox = bus.stream(Outbox);
    assert.equal(await outbox.count({ channel: "telegram", account: "alt" }), 1);
    const message = (await outbox.last({ channel: "telegram", account: "alt" }))!.data;
    assert.equal(message.id, first.payload.messageId);
    assert.deepEqual(message.target, {
      channel: "telegram",
      accountId: "alt",
      peer: { kind: "group", id: "-100200" },
    });
    assert.equal(message.origin, "send");
    const bad = await client.request("send", {
      to: "@someone",
      message: "x",
      channel: "telegram",
      accountId: "alt",
    });
    assert.match(bad.error!.message, /numeric chat ids/);
  });

  it("voicecall.initiate places one call per idempotencyKey, even when the client retries", async () => {
    let placed = 0;
    const sub = bus.serve(VoiceCallInitiate, {}, (req) => {
      placed++;
      return {
        callId: `call-${placed}`,
        provider: "mock",
        direction: "outbound" as const,
        from: "+1000",
        to: req.to ?? "+1999",
        status: "initiated",
        mode: req.mode,
        sessionKey: "agent:main:voice:1555",
        startedAt: 1,
        updatedAt: 1,
      };
    });
    await bus.flush();
    const params = { to: "+15550001", message: "wake up", idempotencyKey: "call-once" };
    const first = await client.request("voicecall.initiate", params);
    const again = await connectClient(gateway.wsUrl, { token: TOKEN });
    const second = await again.request("voicecall.initiate", params);
    assert.equal(first.payload.callId, "call-1");
    assert.deepEqual(second.payload, first.payload);
    assert.equal(placed, 1, "the retry did not place a second call");
    assert.equal(
      (await client.request("voicecall.initiate", { ...params, idempotencyKey: "call-twice" }))
        .payload.callId,
      "call-2",
    );
    again.close();
    // Another gateway process (a restart) remembers too: the results live in the idempotency KV bucket.
    const restarted = await startTestGateway({ natsUrl: nats.url, token: TOKEN, config: CONFIG });
    const later = await connectClient(restarted.wsUrl, { token: TOKEN });
    assert.deepEqual((await later.request("voicecall.initiate", params)).payload, first.payload);
    assert.equal(placed, 2);
    later.close();
    await restarted.stop();
    sub.unsubscribe();
    const missing = await client.request("voicecall.status", { callId: "x" });
    assert.match(missing.error!.message, /voice service is not running/);
  });

  it("sessions.list, describe, preview and chat.history answer from the bus with no agents worker", async () => {
    const key = "agent:main:telegram:direct:77";
    const token = sessionToken(key);
    const sessions = await TypedBucket.open(bus, Buckets.Sessions, sessionStateSchema);
    const entries = [
      { role: "user" as const, text: "hi from 77", ts: 1000, sessionId: "s77" },
      { role: "assistant" as const, text: "echo: hi from 77", ts: 1001, sessionId: "s77" },
    ];
    let last = 0;
    for (const entry of entries)
      last = (await bus.jsPublish(Transcript, { session: token }, entry)).seq;
    await sessions.put(token, {
      key,
      agentId: "main",
      sessionId: "s77",
      createdAt: 1000,
      updatedAt: 1001,
      transcriptSeq: last,
      transcriptStart: last - 1,
      inputTokens: 10,
      outputTokens: 4,
      channel: "telegram",
      lastMessage: "hi from 77",
    });
    // OpenClaw's Control UI asks for more than 1000 rows: answered, never "too big".
    const list = await client.request("sessions.list", { limit: 5000 });
    assert.equal(list.ok, true, JSON.stringify(list));
    const row = list.payload.sessions.find((s: { key: string }) => s.key === key);
    assert.equal(row.lastMessagePreview, "hi from 77");
    assert.equal(row.totalTokens, 14);
    const described = await client.request("sessions.describe", { key });
    assert.equal(described.payload.session.sessionId, "s77");
    const history = await client.request("chat.history", { sessionKey: key });
    assert.deepEqual(
      history.payload.messages.map((m: { content: unknown }) => m.content),
      [[{ type: "text", text: "hi from 77" }], [{ type: "text", text: "echo: hi from 77" }]],
    );
    const preview = await client.request("sessions.preview", { keys: [key, "agent:main:none"] });
    assert.deepEqual(
      preview.payload.previews.map((p: { status: string }) => p.status),
      ["ok", "missing"],
    );
    const missing = await client.request("chat.history", { sessionKey: "agent:main:nobody" });
    assert.deepEqual(missing.payload.messages, []);
  });

  it("health and status answer within their budget even when services are missing, listing live instances", async () => {
    const health = await client.request("health");
    assert.equal(health.payload.ok, true);
    assert.ok(
      health.payload.services.some((s: { name: string }) => s.name === "gateway"),
      JSON.stringify(health.payload),
    );
    assert.ok(
      health.payload.problems.some((p: string) => /channels service/.test(p)),
      JSON.stringify(health.payload.problems),
    );
    const status = await client.request("status");
    assert.equal(status.payload.processGroups[0].group, "gateway");
  });

  it("logs.tail returns the gateway's own log lines from the LOGS stream with a cursor", async () => {
    let page = await client.request("logs.tail", { limit: 50 });
    assert.equal(page.ok, true, JSON.stringify(page));
    await waitUntil(async () => {
      page = await client.request("logs.tail", { limit: 200 });
      return page.payload.entries.some((e: { msg: string }) => /listening on ws:/.test(e.msg));
    });
    const next = await client.request("logs.tail", { cursor: page.payload.cursor });
    assert.ok(
      next.payload.entries.every((e: { seq: number }) => e.seq > page.payload.cursor),
      "only newer lines after the cursor",
    );
    assert.ok(!JSON.stringify(page.payload).includes(TOKEN), "no token in logs");
  });
});

async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
