import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import * as z from "zod";
import { defineStreamSubject, type ConsumerDef, type StreamDef } from "../catalogue/define.js";
import { Streams } from "../catalogue/resources.js";
import { natsHandles, type Bus } from "../core/bus.js";
import { useNats } from "../test-support/bus-fixture.js";
import { provision } from "./provision.js";
import { consumeWork, Verdict, type WorkItem } from "./work-queue.js";

const nats = useNats();

const JobStream: StreamDef = {
  name: "JOBS",
  subjects: ["jobs.>"],
  retention: "workqueue",
  doc: "test jobs",
};
const Jobs = defineStreamSubject({
  name: "jobs",
  subject: "jobs.{kind}",
  stream: "JOBS",
  schema: z.object({ n: z.number() }),
  doc: "test",
});
const consumer = (name: string, extra: Partial<ConsumerDef> = {}): ConsumerDef => ({
  stream: "JOBS",
  name,
  filterSubject: `jobs.${name}`,
  ackWaitMs: 1000,
  maxDeliver: 3,
  doc: "test",
  ...extra,
});

async function setup(
  name: string,
  extra: Partial<ConsumerDef> = {},
): Promise<{ bus: Bus; def: ConsumerDef }> {
  const bus = await nats.bus(name);
  const def = consumer(name, extra);
  await provision(
    bus,
    { streams: [JobStream, Streams.DeadLetter], consumers: [def], buckets: [] },
    silentLogger,
  );
  return { bus, def };
}

async function deadLetters(
  bus: Bus,
  reason: string,
): Promise<{ subject: string; origin: string | undefined; detail: string | undefined }[]> {
  const jsm = await natsHandles(bus).jsm();
  const out = [];
  const state = (await jsm.streams.info(Streams.DeadLetter.name)).state;
  for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
    const msg = await jsm.streams.getMessage(Streams.DeadLetter.name, { seq }).catch(() => null);
    if (msg?.subject === `dlq.${reason}`)
      out.push({
        subject: msg.header.get("Clawfleet-Dead-Subject"),
        origin: msg.header.get("Clawfleet-Dead-Origin") || undefined,
        detail: msg.header.get("Clawfleet-Dead-Reason") || undefined,
      });
  }
  return out;
}

async function queueDepth(bus: Bus): Promise<number> {
  return (await (await natsHandles(bus).jsm()).streams.info("JOBS", { subjects_filter: ">" })).state
    .messages;
}

test("handlers never exceed the concurrency bound and every message is acked once", async () => {
  const { bus, def } = await setup("bounded");
  let running = 0;
  let peak = 0;
  const done: number[] = [];
  const handle = consumeWork(bus, {
    consumer: def,
    subject: Jobs,
    concurrency: 3,
    logger: silentLogger,
    pullExpiresMs: 1000,
    handler: async (item) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(30);
      running--;
      done.push(item.data.n);
      return Verdict.ack;
    },
  });
  for (let n = 0; n < 12; n++) await bus.jsPublish(Jobs, { kind: "bounded" }, { n });
  await until(() => done.length === 12);
  await handle.stop();
  assert.equal(peak, 3);
  assert.deepEqual(
    [...done].sort((a, b) => a - b),
    [...Array(12).keys()],
  );
  assert.equal(await queueDepth(bus), 0);
});

test("an un-acked message is redelivered after its worker is killed", async () => {
  const { bus: worker, def } = await setup("killed");
  const seen: WorkItem<{ n: number }>[] = [];
  consumeWork(worker, {
    consumer: def,
    subject: Jobs,
    concurrency: 1,
    logger: silentLogger,
    pullExpiresMs: 1000,
    handler: (item) => {
      seen.push(item);
      return new Promise(() => {});
    },
  });
  await worker.jsPublish(Jobs, { kind: "killed" }, { n: 7 });
  await until(() => seen.length === 1);
  await worker.close(); // the worker dies mid-handler: no ack, no nak
  const survivor = await nats.bus("survivor");
  const redelivered: WorkItem<{ n: number }>[] = [];
  const handle = consumeWork(survivor, {
    consumer: def,
    subject: Jobs,
    concurrency: 1,
    logger: silentLogger,
    pullExpiresMs: 1000,
    handler: async (item) => {
      redelivered.push(item);
      return Verdict.ack;
    },
  });
  await until(() => redelivered.length === 1, 5000);
  await handle.stop();
  assert.equal(redelivered[0]!.data.n, 7);
  assert.equal(redelivered[0]!.deliveryCount, 2);
  assert.equal(await queueDepth(survivor), 0);
});

test("working() keeps a long handler's message from being redelivered", async () => {
  const { bus, def } = await setup("long");
  let calls = 0;
  const handle = consumeWork(bus, {
    consumer: def,
    subject: Jobs,
    concurrency: 2,
    logger: silentLogger,
    pullExpiresMs: 1000,
    handler: async () => {
      calls++;
      await sleep(2500);
      return Verdict.ack;
    },
  });
  await bus.jsPublish(Jobs, { kind: "long" }, { n: 1 });
  await until(() => calls === 1);
  await sleep(3000);
  await handle.stop();
  assert.equal(calls, 1, "a message whose handler keeps working is not handed to another slot");
  assert.equal(await queueDepth(bus), 0);
});

test("a message past max_deliver ends in the dead-letter stream, not in the queue", async () => {
  const { bus, def } = await setup("exhaust");
  let attempts = 0;
  const handle = consumeWork(bus, {
    consumer: def,
    subject: Jobs,
    concurrency: 1,
    logger: silentLogger,
    pullExpiresMs: 1000,
    handler: async () => {
      attempts++;
      return Verdict.retryIn(0);
    },
  });
  await bus.jsPublish(Jobs, { kind: "exhaust" }, { n: 99 });
  await until(async () => (await deadLetters(bus, "exhausted")).length === 1, 8000);
  await handle.stop();
  assert.equal(attempts, def.maxDeliver);
  const [dead] = await deadLetters(bus, "exhausted");
  assert.equal(dead!.subject, "jobs.exhaust");
  assert.match(dead!.detail!, /3 deliveries/);
  assert.equal(await queueDepth(bus), 0);
});

test("invalid payloads and given-up messages are dead-lettered and removed; thrown errors retry", async () => {
  const { bus, def } = await setup("mixed");
  const seen: number[] = [];
  const handle = consumeWork(bus, {
    consumer: def,
    subject: Jobs,
    concurrency: 1,
    logger: silentLogger,
    pullExpiresMs: 1000,
    retryDelayMs: () => 50,
    handler: async (item) => {
      seen.push(item.data.n);
      if (item.data.n === 1) return Verdict.giveUp("cannot handle one");
      if (item.data.n === 2 && item.deliveryCount === 1) throw new Error("transient");
      return Verdict.ack;
    },
  });
  await natsHandles(bus).js.publish("jobs.mixed", new TextEncoder().encode(`{"n":"one"}`));
  await bus.jsPublish(Jobs, { kind: "mixed" }, { n: 1 });
  await bus.jsPublish(Jobs, { kind: "mixed" }, { n: 2 });
  await until(() => seen.filter((n) => n === 2).length === 2, 5000);
  await until(async () => (await queueDepth(bus)) === 0, 3000);
  await handle.stop();
  const invalid = await deadLetters(bus, "invalid");
  const rejected = await deadLetters(bus, "rejected");
  assert.equal(invalid.length, 1);
  assert.match(invalid[0]!.detail!, /n: /);
  assert.equal(rejected.length, 1);
  assert.equal(rejected[0]!.detail, "cannot handle one");
});

test("resize changes how many handlers run at once, without stopping running ones", async () => {
  const { bus, def } = await setup("resized");
  let running = 0;
  let peak = 0;
  const done: number[] = [];
  const handle = consumeWork(bus, {
    consumer: def,
    subject: Jobs,
    concurrency: 1,
    logger: silentLogger,
    pullExpiresMs: 1000,
    handler: async (item) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(80);
      running--;
      done.push(item.data.n);
      return Verdict.ack;
    },
  });
  for (let n = 0; n < 3; n++) await bus.jsPublish(Jobs, { kind: "resized" }, { n });
  await until(() => done.length === 3);
  assert.equal(peak, 1);
  handle.resize(3);
  for (let n = 3; n < 12; n++) await bus.jsPublish(Jobs, { kind: "resized" }, { n });
  await until(() => done.length === 12);
  assert.equal(peak, 3);
  handle.resize(1);
  peak = 0;
  for (let n = 12; n < 16; n++) await bus.jsPublish(Jobs, { kind: "resized" }, { n });
  await until(() => done.length === 16);
  await handle.stop();
  assert.equal(peak, 1);
  assert.equal(await queueDepth(bus), 0);
});

test("an idle consumer keeps asking after its pulls expire, and takes new work at once", async () => {
  const { bus, def } = await setup("idle");
  const seen: number[] = [];
  const handle = consumeWork(bus, {
    consumer: def,
    subject: Jobs,
    concurrency: 2,
    logger: silentLogger,
    pullExpiresMs: 1000,
    handler: async (item) => {
      seen.push(item.data.n);
      return Verdict.ack;
    },
  });
  await sleep(2500); // more than two pull expiries
  await bus.jsPublish(Jobs, { kind: "idle" }, { n: 1 });
  await until(() => seen.length === 1);
  await handle.stop();
});

test("stop waits for running handlers; work not started stays in the queue for the next consumer", async () => {
  const { bus, def } = await setup("stopping");
  const started: number[] = [];
  let finished = 0;
  const first = consumeWork(bus, {
    consumer: def,
    subject: Jobs,
    concurrency: 1,
    logger: silentLogger,
    pullExpiresMs: 1000,
    handler: async (item) => {
      started.push(item.data.n);
      await sleep(300);
      finished++;
      return Verdict.ack;
    },
  });
  for (let n = 0; n < 3; n++) await bus.jsPublish(Jobs, { kind: "stopping" }, { n });
  await until(() => started.length === 1);
  await first.stop();
  assert.equal(finished, 1, "the running handler finished before stop resolved");
  assert.equal(first.inFlight, 0);
  const rest: number[] = [];
  const second = consumeWork(bus, {
    consumer: def,
    subject: Jobs,
    concurrency: 2,
    logger: silentLogger,
    pullExpiresMs: 1000,
    handler: async (item) => {
      rest.push(item.data.n);
      return Verdict.ack;
    },
  });
  await until(() => started.length + rest.length >= 3, 5000);
  await second.stop();
  assert.deepEqual(
    [...started, ...rest].sort((a, b) => a - b),
    [0, 1, 2],
  );
  assert.equal(await queueDepth(bus), 0);
});

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await sleep(25);
  }
}
