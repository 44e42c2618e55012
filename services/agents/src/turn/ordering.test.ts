import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Inbox, readSubject, type Bus } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { AnthropicFake, llm, type NatsTestServer } from "@clawfleet/testkit";
import {
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  waitForOutbox,
  type TestConfig,
  type TestWorker,
} from "../test-support/agents-harness.js";

let nats: NatsTestServer;
let bus: Bus;
let connect: (name: string) => Promise<Bus>;
const LATENCY_MS = 40;
const fake = new AnthropicFake({ latencyMs: LATENCY_MS });
const workers: TestWorker[] = [];

const config = (mode: "followup" | "collect"): TestConfig => ({
  agents: { defaults: { model: `anthropic/order-${mode}`, maxConcurrent: 4 } },
  messages: { queue: { mode } },
});

before(async () => {
  ({ nats, bus, connect } = await startTestNats());
  await fake.start();
  const env = { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.baseURL };
  for (let i = 0; i < 3; i++)
    workers.push(await startWorker(nats.url, config("followup"), env, `w${i}`));
});
after(async () => {
  await Promise.all(workers.map(stopWorker));
  await bus.close();
  await fake.stop();
  await nats.dispose();
});

test("50 messages to one session from concurrent senders: 50 replies in order, turns never overlap", async () => {
  const key = "agent:main:telegram:group:order";
  const senders = await Promise.all([0, 1, 2, 3, 4].map((i) => connect(`sender-${i}`)));
  await Promise.all(
    senders.map(async (sender, s) => {
      for (let i = 0; i < 10; i++)
        await submit(sender, telegramInput(key, `msg s${s} n${i}`, "777", { message: undefined }));
    }),
  );
  const inbox = await readSubject(bus, Inbox, { session: sessionToken(key) });
  assert.equal(inbox.length, 50);
  const replies = (
    await waitForOutbox(bus, (m) => m.filter((r) => r.sessionKey === key).length >= 50, 60_000)
  ).filter((r) => r.sessionKey === key);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(
    (await waitForOutbox(bus, () => true)).filter((r) => r.sessionKey === key).length,
    50,
    "no extra replies",
  );
  replies.forEach((reply, i) =>
    assert.ok(
      reply.text.includes(inbox[i]!.data.text),
      `reply ${i} answers input ${i}: ${reply.text}`,
    ),
  );
  assert.equal(new Set(replies.map((r) => r.id)).size, 50);
  const starts = fake.requests
    .all()
    .filter((r) => r.model === "order-followup")
    .map((r) => r.at)
    .sort((a, b) => a - b);
  assert.equal(starts.length, 50, "one model call per input: no turn ran twice");
  for (let i = 1; i < starts.length; i++)
    assert.ok(
      starts[i]! - starts[i - 1]! >= LATENCY_MS - 5,
      `turn ${i} started ${starts[i]! - starts[i - 1]!} ms after the previous one: overlap`,
    );
  await Promise.all(senders.map((s) => s.close()));
});

test("a slow turn in one session does not hold up another session", async () => {
  fake.script.enqueueFor("order-followup", llm.delay(8000, llm.text("slow answer")));
  await submit(bus, telegramInput("agent:main:telegram:group:slow", "take your time", "801"));
  await new Promise((r) => setTimeout(r, 200));
  await submit(bus, telegramInput("agent:main:telegram:group:fast", "quick one", "802"));
  const replies = await waitForOutbox(bus, (m) =>
    m.some((r) => r.sessionKey === "agent:main:telegram:group:fast"),
  );
  assert.ok(
    !replies.some((r) => r.sessionKey === "agent:main:telegram:group:slow"),
    "the slow turn is still running",
  );
  const all = await waitForOutbox(bus, (m) =>
    m.some((r) => r.sessionKey === "agent:main:telegram:group:slow"),
  );
  assert.deepEqual(
    all.map((r) => r.sessionKey?.split(":").at(-1)).filter((k) => k === "slow" || k === "fast"),
    ["fast", "slow"],
    "the fast session was answered first, while the slow one ran",
  );
});

test("input arriving during a hold's last turn is answered: the holder looks at the inbox again after releasing", async () => {
  const key = "agent:main:telegram:group:late";
  fake.script.enqueueFor("order-followup", llm.delay(1200, llm.text("first, slowly")));
  await submit(bus, telegramInput(key, "first", "950"));
  await fake.requests.waitFor(
    (r) => r.model === "order-followup" && r.lastUserText.includes(">\nfirst\n"),
    { timeoutMs: 10_000 },
  );
  // Its signal meets a held lease and is acked at once; only the holder's second look finds it.
  await submit(bus, telegramInput(key, "second, while the first runs", "950"));
  const replies = await waitForOutbox(
    bus,
    (m) => m.filter((r) => r.sessionKey === key).length >= 2,
    15_000,
  );
  assert.deepEqual(
    replies.filter((r) => r.sessionKey === key).map((r) => r.text.slice(0, 13)),
    ["first, slowly", "echo: <channe"],
  );
});

test("collect mode folds messages that arrive during a turn into the next turn; every input answered once, in order", async () => {
  for (const worker of workers)
    worker.live.apply({
      raw: "",
      hash: "collect",
      document: config("collect"),
      file: "test",
      updatedAt: Date.now(),
      updatedBy: "test",
    });
  const key = "agent:main:telegram:group:collect";
  fake.script.enqueueFor("order-collect", llm.delay(600, llm.text("first answer")));
  await submit(bus, telegramInput(key, "c0", "900"));
  await new Promise((r) => setTimeout(r, 150));
  for (let i = 1; i < 6; i++) await submit(bus, telegramInput(key, `c${i}`, "900"));
  const replies = await waitForOutbox(bus, (m) =>
    m.some((r) => r.sessionKey === key && r.text.includes("c5")),
  );
  const mine = replies.filter((r) => r.sessionKey === key);
  assert.equal(mine.length, 2, mine.map((r) => r.text).join(" | "));
  assert.equal(mine[0]!.text, "first answer");
  for (let i = 1; i < 6; i++)
    assert.ok(mine[1]!.text.includes(`c${i}`), `c${i} is answered in the collected turn`);
  assert.ok(mine[1]!.text.indexOf("c1") < mine[1]!.text.indexOf("c5"));
});
