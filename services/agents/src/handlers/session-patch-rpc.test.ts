import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BusError, SessionsList, SessionsPatch, SessionsReset, type Bus } from "@clawfleet/bus";
import { AnthropicFake, type NatsTestServer } from "@clawfleet/testkit";
import {
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  waitForOutbox,
  type TestWorker,
} from "../test-support/agents-harness.js";

let nats: NatsTestServer;
let bus: Bus;
const fake = new AnthropicFake();
let worker: TestWorker;

before(async () => {
  ({ nats, bus } = await startTestNats());
  await fake.start();
  worker = await startWorker(
    nats.url,
    {
      agents: {
        defaults: {
          model: { primary: "anthropic/claude-opus-4-5" },
          models: { "anthropic/claude-haiku-4-5": { alias: "haiku" }, "openai/gpt-4o": {} },
        },
      },
    },
    { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.baseURL },
  );
});
after(async () => {
  await stopWorker(worker);
  await bus.close();
  await fake.stop();
  await nats.dispose();
});

async function listed(key: string) {
  return (await bus.request(SessionsList, {}, {})).sessions.find((s) => s.key === key);
}

test("a patch on a new key creates the session with its label; null clears the label", async () => {
  const key = "agent:main:web-new1";
  const reply = await bus.request(SessionsPatch, {}, { key, label: "  Trip plans  " });
  assert.deepEqual(
    { ok: reply.ok, key: reply.key, label: reply.label },
    {
      ok: true,
      key,
      label: "Trip plans",
    },
  );
  assert.equal((await listed(key))?.displayName, "Trip plans");
  await bus.request(SessionsPatch, {}, { key, label: null });
  assert.equal((await listed(key))?.displayName, undefined);
});

test("a model override is used by the next turn, survives a label change and is listed", async () => {
  const key = "agent:main:telegram:direct:71";
  const patched = await bus.request(SessionsPatch, {}, { key, model: "haiku" });
  assert.equal(patched.model, "anthropic/claude-haiku-4-5", "the alias resolves to its ref");
  await bus.request(SessionsPatch, {}, { key, label: "quick" });
  await submit(bus, telegramInput(key, "hello", "71"));
  await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key));
  assert.equal(fake.requests.all().at(-1)!.model, "claude-haiku-4-5");
  const row = await listed(key);
  assert.equal(row?.model, "anthropic/claude-haiku-4-5");
  assert.equal(row?.displayName, "quick", "the label wins over the sender's name");
  await bus.request(SessionsPatch, {}, { key, model: null });
  await submit(bus, telegramInput(key, "again", "71"));
  await waitForOutbox(bus, (m) => m.filter((r) => r.sessionKey === key).length === 2);
  assert.equal(
    fake.requests.all().at(-1)!.model,
    "claude-opus-4-5",
    "null goes back to the primary",
  );
});

test("the label survives a reset", async () => {
  const key = "agent:main:web-new2";
  await bus.request(SessionsPatch, {}, { key, label: "Kept" });
  await bus.request(SessionsReset, {}, { key });
  assert.equal((await listed(key))?.displayName, "Kept");
});

test("an unknown model or one without a key is refused naming it, and nothing changes", async () => {
  const key = "agent:main:web-new3";
  await assert.rejects(
    bus.request(SessionsPatch, {}, { key, model: "acme/rocket-9" }),
    (error: unknown) =>
      error instanceof BusError &&
      /unknown model "acme\/rocket-9": models.list offers anthropic\/claude-opus-4-5/.test(
        error.message,
      ),
  );
  await assert.rejects(
    bus.request(SessionsPatch, {}, { key, model: "openai/gpt-4o" }),
    (error: unknown) => error instanceof BusError && /can't use openai\/gpt-4o/.test(error.message),
  );
  assert.equal(await listed(key), undefined, "a refused patch creates no session");
});
