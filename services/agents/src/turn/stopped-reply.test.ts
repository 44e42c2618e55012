import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AgentAbort, Transcript, type Bus } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { AnthropicFake, llm, type NatsTestServer } from "@clawfleet/testkit";
import {
  recordEvents,
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  until,
  webchatInput,
  type TestWorker,
} from "../test-support/agents-harness.js";

let nats: NatsTestServer;
let bus: Bus;
// Slow chunks, so Stop lands mid-reply.
const anthropic = new AnthropicFake({ chunkDelayMs: 100 });
let worker: TestWorker;
const key = "agent:main:main";

before(async () => {
  ({ nats, bus } = await startTestNats());
  await anthropic.start();
  worker = await startWorker(
    nats.url,
    { agents: { defaults: { model: { primary: "anthropic/claude-opus-4-5" } } } },
    { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: anthropic.baseURL },
  );
});
after(async () => {
  await stopWorker(worker);
  await bus.close();
  await anthropic.stop();
  await nats.dispose();
});

test("a reply the user stops keeps what was streamed: stored as stopped, and the model sees it next turn", async () => {
  const rec = recordEvents(bus);
  const story = Array.from({ length: 200 }, (_, i) => `w${i}`).join(" ");
  anthropic.script.enqueue(llm.text(story));
  await submit(bus, webchatInput(key, "tell me a story", "run-story"));
  const streamedText = () =>
    rec.events
      .filter((e) => e.sessionKey === key && e.type === "delta")
      .map((e) => (e.type === "delta" ? e.text : ""))
      .join("");
  await until(() => streamedText().includes("w3 "));
  bus.publish(AgentAbort, { session: sessionToken(key) }, { sessionKey: key, reason: "stop" });
  await until(() =>
    rec.events.some((e) => e.sessionKey === key && e.type === "lifecycle" && e.phase === "aborted"),
  );
  const streamed = streamedText();
  rec.stop();

  let stored: { text: string; stopped?: boolean; role: string }[] = [];
  await until(async () => {
    stored = (await bus.stream(Transcript).readAll({ session: sessionToken(key) })).map(
      (e) => e.data,
    );
    return stored.some((e) => e.stopped);
  });
  const stopped = stored.find((e) => e.stopped)!;
  assert.equal(stopped.role, "assistant");
  assert.ok(stopped.text.startsWith("w0 w1 w2 w3"), stopped.text.slice(0, 40));
  assert.ok(!stopped.text.includes("w199"), "cut short");
  assert.ok(stopped.text.startsWith(streamed), "what the client saw streamed is what is kept");

  anthropic.script.enqueue(llm.text("sorry, where was I"));
  await submit(bus, webchatInput(key, "go on", "run-go-on"));
  await until(() => anthropic.requests.all().length >= 2);
  const next = anthropic.requests.all().at(-1)!;
  const roles = next.messages.map((m) => (m as { role: string }).role);
  assert.deepEqual(roles.slice(-3), ["user", "assistant", "user"], JSON.stringify(roles));
  assert.match(JSON.stringify(next.messages.at(-2)), /w0 w1 w2 w3/);
});
