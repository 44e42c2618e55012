import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  BusError,
  CronAdd,
  CronList,
  CronRuns,
  Inbox,
  type Bus,
  type CronJob,
} from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { AnthropicFake, type NatsTestServer } from "@clawfleet/testkit";
import {
  outboxMessages,
  startTestNats,
  startWorker,
  stopWorker,
  until,
  waitForOutbox,
  type TestConfig,
  type TestWorker,
} from "../test-support/agents-harness.js";

let nats: NatsTestServer;
let bus: Bus;
const fake = new AnthropicFake();
const config: TestConfig = { agents: { defaults: { model: "anthropic/cron-model" } } };
let env: Record<string, string>;
const workers: TestWorker[] = [];

before(async () => {
  ({ nats, bus } = await startTestNats());
  await fake.start();
  env = { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.baseURL };
});
after(async () => {
  for (const worker of workers.splice(0)) await stopWorker(worker);
  await bus.close();
  await fake.stop();
  await nats.dispose();
});

async function addReminder(text: string, dueInMs: number, chat: string): Promise<CronJob> {
  const { job } = await bus.request(
    CronAdd,
    {},
    {
      job: {
        name: text,
        schedule: { kind: "at", atMs: Date.now() + dueInMs },
        payload: { kind: "agentTurn", message: text },
        delivery: { channel: "telegram", to: chat },
      },
    },
  );
  return job;
}

/** Waits for the job's reply, then long enough for any second firing to show; returns what it saw. */
async function firingsOf(job: CronJob, chat: string) {
  const key = `agent:main:cron:${job.id}`;
  await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key), 30_000);
  await new Promise((resolve) => setTimeout(resolve, 4000));
  const replies = (await outboxMessages(bus)).filter((r) => r.sessionKey === key);
  const inputs = await bus.stream(Inbox).read({ session: sessionToken(key) });
  const { runs } = await bus.request(CronRuns, {}, { id: job.id, limit: 50 });
  assert.ok(replies.every((r) => r.target.channel === "telegram" && r.target.peer.id === chat));
  return { replies: replies.length, inputs: inputs.length, runs: runs.map((r) => r.status) };
}

test("a job due in 5 s with three workers running fires once and its reply goes to the chat", async () => {
  for (let i = 0; i < 3; i++) workers.push(await startWorker(nats.url, config, env));
  const job = await addReminder("remind me to stretch", 5000, "901");
  assert.equal(job.state.nextRunAtMs! > Date.now(), true);
  const seen = await firingsOf(job, "901");
  assert.deepEqual(seen, { replies: 1, inputs: 1, runs: ["fired"] });
  const reply = (await outboxMessages(bus)).find((r) => r.sessionKey?.endsWith(job.id))!;
  assert.equal(reply.text, "echo: remind me to stretch");
  await until(
    async () => {
      const { jobs } = await bus.request(CronList, {}, { includeDisabled: true });
      return !jobs.some((j) => j.id === job.id);
    },
    10_000,
    "the one-shot job removed after its run",
  );
});

test("a job scheduled, then every worker stopped and new ones started before it is due, fires once", async () => {
  const job = await addReminder("call the plumber", 9000, "902");
  for (const worker of workers.splice(0)) await stopWorker(worker);
  for (let i = 0; i < 2; i++) workers.push(await startWorker(nats.url, config, env));
  const seen = await firingsOf(job, "902");
  assert.deepEqual(seen, { replies: 1, inputs: 1, runs: ["fired"] });
});

test("an invalid cron expression or an unknown agent is refused naming the field; nothing is added", async () => {
  const before = (await bus.request(CronList, {}, { includeDisabled: true })).jobs.length;
  await assert.rejects(
    bus.request(
      CronAdd,
      {},
      {
        job: {
          schedule: { kind: "cron", expr: "99 * * * *", tz: "Europe/Rome" },
          payload: { kind: "systemEvent", text: "x" },
        },
      },
    ),
    (error: unknown) =>
      error instanceof BusError &&
      /^schedule\.expr: invalid cron expression "99/.test(error.message),
  );
  await assert.rejects(
    bus.request(
      CronAdd,
      {},
      {
        job: {
          agentId: "ghost",
          schedule: { kind: "every", everyMs: 60_000 },
          payload: { kind: "systemEvent", text: "x" },
        },
      },
    ),
    /unknown agent "ghost" \(agents\.list has: main\)/,
  );
  const afterCount = (await bus.request(CronList, {}, { includeDisabled: true })).jobs.length;
  assert.equal(afterCount, before);
});
