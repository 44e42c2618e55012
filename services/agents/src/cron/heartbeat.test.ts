import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AgentsFilesSet, CronRuns, type Bus } from "@clawfleet/bus";
import { AnthropicFake, llm, type NatsTestServer } from "@clawfleet/testkit";
import {
  outboxMessages,
  startTestNats,
  startWorker,
  stopWorker,
  waitForOutbox,
  type TestWorker,
} from "../test-support/agents-harness.js";

let nats: NatsTestServer;
let bus: Bus;
const fake = new AnthropicFake();
const workers: TestWorker[] = [];

before(async () => {
  ({ nats, bus } = await startTestNats());
  await fake.start();
  const config = {
    agents: {
      defaults: {
        model: "anthropic/hb-model",
        heartbeat: { every: "3s", target: "telegram", to: "950" },
      },
    },
  };
  const env = { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.baseURL };
  for (let i = 0; i < 2; i++) workers.push(await startWorker(nats.url, config, env));
});
after(async () => {
  for (const worker of workers.splice(0)) await stopWorker(worker);
  await bus.close();
  await fake.stop();
  await nats.dispose();
});

test("no heartbeat while HEARTBEAT.md is empty; HEARTBEAT_OK is not delivered, other heartbeat text is", async () => {
  await new Promise((resolve) => setTimeout(resolve, 4000));
  assert.equal(fake.requests.all().length, 0, "the seeded HEARTBEAT.md asks for nothing");

  fake.script.enqueueFor("hb-model", llm.text("HEARTBEAT_OK"));
  fake.script.enqueueFor("hb-model", llm.text("Time to water the plants."));
  await bus.request(
    AgentsFilesSet,
    {},
    {
      agentId: "main",
      name: "HEARTBEAT.md",
      content: "# HEARTBEAT.md\n- remind about the plants\n",
    },
  );
  const delivered = await waitForOutbox(
    bus,
    (m) => m.some((r) => r.text === "Time to water the plants."),
    30_000,
  );
  const heartbeatReplies = delivered.filter((r) => r.sessionKey === "agent:main:main");
  assert.ok(heartbeatReplies.every((r) => !r.text.includes("HEARTBEAT_OK")));
  assert.deepEqual(heartbeatReplies[0]?.target.peer, { kind: "dm", id: "950" });
  const prompts = fake.requests.all().map((r) => r.lastUserText);
  assert.ok(prompts.length >= 2);
  assert.match(prompts[0] ?? "", /^Heartbeat: go through HEARTBEAT\.md/);
  assert.match(fake.requests.all()[0]!.system, /remind about the plants/);
  // Two workers, one firing per slot.
  const { runs } = await bus.request(CronRuns, {}, { id: "heartbeat-main", limit: 50 });
  const slots = runs.map((r) => r.dueAtMs);
  assert.equal(new Set(slots).size, slots.length);
  assert.equal((await outboxMessages(bus)).filter((r) => /HEARTBEAT_OK/.test(r.text)).length, 0);
});
