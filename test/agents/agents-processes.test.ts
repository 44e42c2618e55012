// The agents service as separate OS processes (the built CLI) against one nats-server and the
// Anthropic fake: scaling across workers, kill -9 of a worker mid-turn, a NATS restart under load.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  BusError,
  connectBus,
  provision,
  provisionPlan,
  submitInput,
  type Bus,
} from "@clawfleet/bus";
import { ConfigStore, type OpenClawConfigInput } from "@clawfleet/config";
import { silentLogger } from "@clawfleet/log";
import {
  AnthropicFake,
  launchCli,
  llm,
  startNatsServer,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import {
  outboxMessages,
  telegramInput,
  waitForOutbox,
} from "../../services/agents/src/test-support/agents-harness.js";

let nats: NatsTestServer;
let bus: Bus;
const running: LaunchedCli[] = [];

before(async () => {
  nats = await startNatsServer();
  bus = await connectBus({ servers: nats.url, name: "test-driver", logger: silentLogger });
  await provision(bus, provisionPlan, silentLogger);
});
after(async () => {
  await Promise.all(running.map((p) => p.stop("SIGKILL")));
  for (const proc of running) {
    const bad = proc.lines.filter(
      (line) =>
        /unhandled promise rejection|uncaught exception|"level":"(error|fatal)"/.test(line) &&
        // Expected around this file's nats-server restart: a short-lived read consumer (memory
        // only) is gone after it, and the handler retries the delivery.
        !/NATS|nats|disconnect|connection|timeout|TIMEOUT|503|consumer not found/i.test(line),
    );
    assert.deepEqual(bad, [], "no worker logged an unexpected error");
  }
  await bus.close();
  await nats.dispose();
});

async function useConfig(parsed: OpenClawConfigInput): Promise<void> {
  const store = await ConfigStore.open(bus);
  await store.publish({
    raw: JSON.stringify(parsed),
    hash: `h${Date.now()}${Math.random()}`,
    document: parsed,
    file: "test",
    updatedAt: Date.now(),
    updatedBy: "test",
  });
}

async function startAgentsProcess(fake: AnthropicFake): Promise<LaunchedCli> {
  const proc = launchCli(["agents"], {
    NATS_URL: nats.url,
    OPENCLAW_STATE_DIR: mkdtempSync(join(tmpdir(), "clawfleet-agents-")),
    ANTHROPIC_API_KEY: "sk-test",
    ANTHROPIC_BASE_URL: fake.baseURL,
  });
  running.push(proc);
  await proc.waitReady(20_000);
  return proc;
}

async function turnsDone(proc: LaunchedCli): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${await proc.healthPort()}/metrics`)).text();
  return [...text.matchAll(/^clawfleet_agent_turns_total\{[^}]*\} (\d+)$/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
}

/** Submits like a connector would: retried until stored (the input id makes a retry harmless). */
async function submitRetrying(input: ReturnType<typeof telegramInput>): Promise<void> {
  for (;;) {
    try {
      await submitInput(bus, input);
      return;
    } catch (error) {
      if (
        !(error instanceof BusError) &&
        !/timeout|disconnect|closed|no responders|503/i.test(String(error))
      )
        throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

test(
  "20 sessions, a 1 s model, 2 workers with maxConcurrent 4: more than one worker's slots run at once, shared by both",
  { timeout: 120_000 },
  async () => {
    const fake = new AnthropicFake({ latencyMs: 1000 });
    await fake.start();
    await useConfig({
      agents: { defaults: { model: "anthropic/claude-sonnet-4-6", maxConcurrent: 4 } },
    });
    const workers = [await startAgentsProcess(fake), await startAgentsProcess(fake)];
    try {
      const inputs = Array.from({ length: 20 }, (_, i) =>
        telegramInput(`agent:main:telegram:direct:9${i}`, `parallel ${i}`, `9${i}`),
      );
      await Promise.all(inputs.map((input) => submitInput(bus, input)));
      await waitForOutbox(
        bus,
        (m) =>
          m.filter((r) => r.sessionKey?.startsWith("agent:main:telegram:direct:9")).length >= 20,
        30_000,
      );
      // Every model call lasts at least 1 s, so calls started within 1 s of each other overlapped.
      const starts = fake.requests
        .all()
        .filter((r) => JSON.stringify(r.messages).includes("parallel "))
        .map((r) => r.at);
      const overlap = Math.max(
        ...starts.map((at) => starts.filter((other) => other <= at && other > at - 1000).length),
      );
      assert.ok(
        overlap > 4,
        `at most ${overlap} turns ran at once: not more than one worker's slots`,
      );
      const perWorker = await Promise.all(workers.map(turnsDone));
      assert.equal(perWorker[0]! + perWorker[1]!, 20);
      assert.ok(
        perWorker.every((n) => n >= 4),
        `both workers took turns: ${perWorker.join(" + ")}`,
      );
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await fake.stop();
    }
  },
);

test(
  "kill -9 of the worker running a turn: the reply still arrives, exactly once",
  { timeout: 120_000 },
  async () => {
    const fake = new AnthropicFake();
    await fake.start();
    await useConfig({ agents: { defaults: { model: "anthropic/claude-sonnet-4-6" } } });
    const victim = await startAgentsProcess(fake);
    const key = "agent:main:telegram:direct:4001";
    fake.script.enqueue(llm.delay(5000, llm.text("the first worker never sends this")));
    await submitInput(bus, telegramInput(key, "survive this", "4001"));
    await fake.requests.waitFor(() => true, { count: 1, timeoutMs: 20_000 });
    victim.child.kill("SIGKILL");
    await victim.exited;
    const survivor = await startAgentsProcess(fake);
    try {
      const replies = await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key), 90_000);
      await new Promise((r) => setTimeout(r, 1500));
      const mine = (await outboxMessages(bus)).filter((r) => r.sessionKey === key);
      assert.equal(mine.length, 1, JSON.stringify(mine));
      assert.match(replies.find((r) => r.sessionKey === key)!.text, /^echo: .*survive this/s);
    } finally {
      await survivor.stop();
      await fake.stop();
    }
  },
);

test(
  "SIGTERM mid-turn: the worker hands the turn to another and exits 0; the reply arrives once",
  { timeout: 120_000 },
  async () => {
    const fake = new AnthropicFake();
    await fake.start();
    await useConfig({ agents: { defaults: { model: "anthropic/claude-sonnet-4-6" } } });
    const leaving = await startAgentsProcess(fake);
    const key = "agent:main:telegram:direct:4002";
    fake.script.enqueue(llm.delay(30_000, llm.text("the leaving worker never sends this")));
    await submitInput(bus, telegramInput(key, "hand me over", "4002"));
    await fake.requests.waitFor(() => true, { count: 1, timeoutMs: 20_000 });
    const staying = await startAgentsProcess(fake);
    try {
      const { code } = await leaving.stop("SIGTERM");
      assert.equal(code, 0);
      // Handing over (not waiting out the 30 s model call) is what keeps the exit inside the budget.
      assert.ok(
        leaving.lines.some((l) => /handing 1 running turn/.test(l)),
        leaving.lines.slice(-5).join("\n"),
      );
      await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key), 60_000);
      await new Promise((r) => setTimeout(r, 1000));
      const mine = (await outboxMessages(bus)).filter((r) => r.sessionKey === key);
      assert.equal(mine.length, 1);
      assert.match(mine[0]!.text, /^echo: .*hand me over/s);
    } finally {
      await staying.stop();
      await fake.stop();
    }
  },
);

test(
  "kill -9 of one of two workers under load: every input answered exactly once, in order",
  { timeout: 150_000 },
  async () => {
    const fake = new AnthropicFake({ latencyMs: 150 });
    await fake.start();
    await useConfig({
      agents: { defaults: { model: "anthropic/claude-sonnet-4-6", maxConcurrent: 2 } },
      messages: { queue: { mode: "followup" } },
    });
    const [victim, survivor] = [await startAgentsProcess(fake), await startAgentsProcess(fake)];
    const keys = [0, 1, 2, 3].map((i) => `agent:main:telegram:group:kill${i}`);
    const sent: { key: string; text: string }[] = [];
    try {
      const load = (async () => {
        for (let n = 0; n < 8; n++) {
          for (const [i, key] of keys.entries()) {
            const text = `load ${i}.${n}`;
            sent.push({ key, text });
            await submitInput(bus, telegramInput(key, text, `-70${i}`));
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      await new Promise((r) => setTimeout(r, 900));
      victim.child.kill("SIGKILL");
      await load;
      await waitForOutbox(
        bus,
        (m) => keys.every((k) => m.filter((r) => r.sessionKey === k).length >= 8),
        100_000,
      );
      await new Promise((r) => setTimeout(r, 1500));
      const all = await outboxMessages(bus);
      for (const key of keys) {
        const replies = all.filter((r) => r.sessionKey === key);
        const expected = sent.filter((s) => s.key === key).map((s) => s.text);
        assert.equal(
          replies.length,
          expected.length,
          `${key}: ${replies.map((r) => r.text).join(" | ")}`,
        );
        expected.forEach((text, i) =>
          assert.ok(
            replies[i]!.text.includes(text),
            `${key} reply ${i} should answer "${text}": ${replies[i]!.text}`,
          ),
        );
      }
    } finally {
      await survivor.stop();
      await fake.stop();
    }
  },
);

test(
  "nats-server restarted during a load: no input lost, none answered twice",
  { timeout: 180_000 },
  async () => {
    const fake = new AnthropicFake({ latencyMs: 50 });
    await fake.start();
    await useConfig({
      agents: { defaults: { model: "anthropic/claude-sonnet-4-6", maxConcurrent: 4 } },
      messages: { queue: { mode: "followup" } },
    });
    const workers = [await startAgentsProcess(fake), await startAgentsProcess(fake)];
    const keys = [0, 1, 2, 3, 4, 5].map((i) => `agent:main:telegram:group:restart${i}`);
    const sent: { key: string; text: string }[] = [];
    try {
      const load = (async () => {
        for (let n = 0; n < 10; n++) {
          for (const [i, key] of keys.entries()) {
            const input = telegramInput(key, `restart ${i}.${n}`, `-80${i}`);
            sent.push({ key, text: input.text });
            await submitRetrying(input);
          }
          await new Promise((r) => setTimeout(r, 150));
        }
      })();
      await new Promise((r) => setTimeout(r, 700));
      await nats.kill();
      await new Promise((r) => setTimeout(r, 1500));
      await nats.restart();
      await load;
      await waitForOutbox(
        bus,
        (m) => keys.every((k) => m.filter((r) => r.sessionKey === k).length >= 10),
        120_000,
      );
      await new Promise((r) => setTimeout(r, 1500));
      const all = await outboxMessages(bus);
      for (const key of keys) {
        const replies = all.filter((r) => r.sessionKey === key);
        const expected = sent.filter((s) => s.key === key).map((s) => s.text);
        assert.equal(
          replies.length,
          expected.length,
          `${key}: ${replies.map((r) => r.text).join(" | ")}`,
        );
        expected.forEach((text, i) =>
          assert.ok(replies[i]!.text.includes(text), `${key} reply ${i} should answer "${text}"`),
        );
      }
      assert.ok(
        workers.every((w) => w.child.exitCode === null),
        "the workers rode out the restart",
      );
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await fake.stop();
    }
  },
);

test(
  "NATS away for longer than the lease during a turn: the turn is redone after the outage, one reply",
  { timeout: 180_000 },
  async () => {
    const fake = new AnthropicFake();
    await fake.start();
    await useConfig({ agents: { defaults: { model: "anthropic/claude-sonnet-4-6" } } });
    const worker = await startAgentsProcess(fake);
    const key = "agent:main:telegram:direct:4003";
    // The model outlasts the outage: the worker cannot renew its lease, stops the turn and hands it back.
    fake.script.enqueue(
      llm.delay(25_000, llm.text("answered after the lease was lost, never sent")),
    );
    try {
      await submitInput(bus, telegramInput(key, "through the storm", "4003"));
      await fake.requests.waitFor(() => true, { count: 1, timeoutMs: 20_000 });
      await nats.kill();
      await new Promise((r) => setTimeout(r, 14_000));
      await nats.restart();
      await worker.waitForLine(/reconnected to/, 20_000);
      await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key), 90_000);
      await new Promise((r) => setTimeout(r, 1500));
      const mine = (await outboxMessages(bus)).filter((r) => r.sessionKey === key);
      assert.equal(mine.length, 1, mine.map((r) => r.text).join(" | "));
      assert.equal(worker.child.exitCode, null);
    } finally {
      await worker.stop();
      await fake.stop();
    }
  },
);
