import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger } from "@clawfleet/log";
import * as z from "zod";
import { defineEvent, defineRequest } from "../catalogue/define.js";
import { provisionPlan } from "../catalogue/index.js";
import { BusError, BusErrorCode, PayloadError, RemoteError } from "../errors.js";
import { provision } from "../jetstream/provision.js";
import { natsHandles } from "./bus.js";
import { useNats } from "../test-support/bus-fixture.js";
import { Streams } from "../catalogue/resources.js";

const nats = useNats();

const Greeting = defineEvent({
  name: "test.greeting",
  subject: "test.greeting.{who}",
  schema: z.object({ text: z.string().min(1) }),
  doc: "test",
});
const Double = defineRequest({
  name: "test.double",
  subject: "test.double.v1",
  schema: z.object({ n: z.number() }),
  reply: z.object({ n: z.number() }),
  doc: "test",
  timeoutMs: 500,
});

test("an invalid payload on publish throws before anything is sent", async () => {
  const bus = await nats.bus();
  assert.throws(
    () => bus.publish(Greeting, { who: "ann" }, { text: "" }),
    (error: unknown) => {
      assert.ok(error instanceof PayloadError);
      assert.match(error.message, /test\.greeting\.ann: text: /);
      return true;
    },
  );
  assert.throws(
    () => bus.publish(Greeting, { who: "a.b" }, { text: "hi" }),
    /not a single subject token/,
  );
});

test("an invalid payload on receipt is logged with subject and path, dead-lettered, and the subscriber lives on", async () => {
  const lines: string[] = [];
  const logger = createLogger(
    { service: "test", instance: "1", level: "warn", format: "json" },
    { write: (l) => lines.push(l) },
  );
  const bus = await nats.bus("receiver", logger);
  await provision(bus, provisionPlan, logger);
  const got: string[] = [];
  bus.subscribe(Greeting, {}, (payload, ctx) => void got.push(`${ctx.params.who}:${payload.text}`));
  await bus.flush();
  natsHandles(bus).nc.publish(
    "test.greeting.bob",
    new TextEncoder().encode(JSON.stringify({ text: 42 })),
  );
  natsHandles(bus).nc.publish("test.greeting.bob", new TextEncoder().encode("{not json"));
  bus.publish(Greeting, { who: "cat" }, { text: "hello" });
  await waitFor(() => got.length === 1 && lines.length >= 2);
  assert.deepEqual(got, ["cat:hello"]);
  assert.ok(
    lines.some((l) => l.includes("test.greeting.bob") && l.includes("text: ")),
    lines.join("\n"),
  );
  const jsm = await natsHandles(bus).jsm();
  const dead = await waitForValue(async () => {
    const state = (await jsm.streams.info(Streams.DeadLetter.name)).state;
    return state.messages >= 2 ? state.messages : undefined;
  });
  assert.equal(dead, 2);
  const first = await jsm.streams.getMessage(Streams.DeadLetter.name, { seq: 1 });
  assert.equal(first?.subject, "dlq.invalid");
  assert.equal(first?.header.get("Clawfleet-Dead-Subject"), "test.greeting.bob");
  assert.deepEqual(JSON.parse(new TextDecoder().decode(first!.data)), { text: 42 });
});

test("request errors arrive typed: remote errors, no responders and timeouts", async () => {
  const bus = await nats.bus();
  bus.serve(Double, {}, (payload) => {
    if (payload.n < 0)
      throw new BusError(BusErrorCode.NotFound, "no negatives here", { retryable: false });
    if (payload.n === 13) throw new Error("unlucky");
    return { n: payload.n * 2 };
  });
  await bus.flush();
  assert.deepEqual(await bus.request(Double, {}, { n: 21 }), { n: 42 });
  await assert.rejects(bus.request(Double, {}, { n: -1 }), (error: unknown) => {
    assert.ok(error instanceof RemoteError);
    assert.equal(error.code, "not_found");
    assert.equal(error.retryable, false);
    assert.equal(error.message, "no negatives here");
    return true;
  });
  await assert.rejects(
    bus.request(Double, {}, { n: 13 }),
    (error: unknown) =>
      error instanceof RemoteError && error.code === "internal" && error.retryable,
  );
  const NoOne = defineRequest({
    name: "test.none",
    subject: "test.none.v1",
    schema: z.object({}),
    reply: z.object({}),
    doc: "",
  });
  await assert.rejects(
    bus.request(NoOne, {}, {}),
    (error: unknown) => error instanceof BusError && error.code === "no_responders",
  );
  const Slow = defineRequest({
    name: "test.slow",
    subject: "test.slow.v1",
    schema: z.object({}),
    reply: z.object({}),
    doc: "",
  });
  bus.serve(Slow, {}, () => new Promise((resolve) => setTimeout(() => resolve({}), 1000)));
  await bus.flush();
  await assert.rejects(
    bus.request(Slow, {}, {}, { timeoutMs: 100 }),
    (error: unknown) => error instanceof BusError && error.code === "timeout",
  );
  await assert.rejects(
    bus.request(Double, {}, { n: "x" } as never),
    (error: unknown) => error instanceof PayloadError,
  );
});

test("a request with a payload the server's schema rejects gets an invalid_payload error", async () => {
  const bus = await nats.bus();
  bus.serve(Double, {}, (payload) => ({ n: payload.n }));
  await bus.flush();
  const reply = await natsHandles(bus).nc.request(
    "test.double.v1",
    new TextEncoder().encode(JSON.stringify({ n: "nope" })),
    { timeout: 1000 },
  );
  const envelope = JSON.parse(new TextDecoder().decode(reply.data));
  assert.equal(envelope.ok, false);
  assert.equal(envelope.error.code, "invalid_payload");
  assert.match(envelope.error.message, /n: /);
});

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitForValue<T>(get: () => Promise<T | undefined>, timeoutMs = 3000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error("value not available in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
