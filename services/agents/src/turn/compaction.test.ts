import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Transcript, type Bus, type TranscriptEntry } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { AnthropicFake, llm, type LlmRequestRecord } from "@clawfleet/testkit";
import type { NatsTestServer } from "@clawfleet/testkit";
import {
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  waitForOutbox,
  type TestWorker,
} from "../test-support/agents-harness.js";
import { COMPACTION_SYSTEM } from "../domain/conversation/compaction-plan.js";
import { MEMORY_FLUSH_PROMPT } from "./compact-session.js";

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
          model: "anthropic/claude-sonnet-4-6",
          compaction: { keepRecentTokens: 12 },
        },
        list: [
          { id: "main", default: true },
          { id: "tiny", model: "anthropic/tiny-window" },
        ],
      },
      models: {
        providers: {
          anthropic: { models: [{ id: "tiny-window", contextWindow: 5000, maxTokens: 256 }] },
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

async function transcript(key: string): Promise<TranscriptEntry[]> {
  const stored = await bus
    .stream(Transcript)
    .readAll({ session: sessionToken(key) }, { fromSeq: 1 });
  return stored.map((e) => e.data);
}

async function say(key: string, chat: string, text: string, agentId = "main"): Promise<string> {
  const before = (await waitForOutbox(bus, () => true)).filter((m) => m.sessionKey === key).length;
  await submit(bus, telegramInput(key, text, chat, { agentId }));
  const replies = await waitForOutbox(
    bus,
    (m) => m.filter((r) => r.sessionKey === key).length > before,
  );
  return replies.filter((r) => r.sessionKey === key).at(-1)!.text;
}

function sentText(request: LlmRequestRecord): string {
  return JSON.stringify(request.messages);
}

test("a context overflow from the provider is compacted (memory flush first, silent) and the turn retried once", async () => {
  const key = "agent:main:telegram:direct:overflow";
  await say(key, "501", "my cat is called Miso");
  await say(key, "501", "I live in Lisbon");
  const seen = fake.requests.all().length;
  fake.script.enqueue(
    llm.error("context_overflow"),
    llm.toolUse("memory_write", { text: "The user's cat is called Miso.", path: "MEMORY.md" }),
    llm.text("Saved the notes."),
    llm.text("The user has a cat called Miso and lives in Lisbon."),
    llm.text("Lisbon is lovely in spring."),
  );
  const reply = await say(key, "501", "what should I do this weekend?");
  assert.equal(reply, "Lisbon is lovely in spring.");
  const requests = fake.requests.all().slice(seen);
  assert.equal(requests.length, 5, "overflowed call, flush call, its tool round, summary, retry");
  assert.match(requests[1]!.lastUserText, /Pre-compaction memory flush/);
  assert.equal(requests[3]!.system, COMPACTION_SYSTEM);
  assert.match(requests[3]!.lastUserText, /my cat is called Miso/);
  const retry = requests[4]!;
  assert.match(sentText(retry), /The user has a cat called Miso and lives in Lisbon/);
  assert.doesNotMatch(
    sentText(retry),
    /my cat is called Miso/,
    "the summarised turns are not resent",
  );
  const outbox = await waitForOutbox(bus, () => true);
  assert.ok(
    !outbox.some((m) => m.text.includes("Saved the notes")),
    "the flush reply is not delivered",
  );
  const entries = await transcript(key);
  const marker = entries.find((e) => e.compaction);
  assert.ok(marker, "the transcript holds the compaction");
  assert.equal(marker.text, "The user has a cat called Miso and lives in Lisbon.");
  assert.equal(marker.compaction!.trigger, "overflow");
  assert.ok(marker.compaction!.tokensBefore > marker.compaction!.tokensAfter - 100);
  assert.ok(
    !entries.some((e) => e.text.includes(MEMORY_FLUSH_PROMPT)),
    "flush prompts stay out of the transcript",
  );
  assert.ok(
    entries.some((e) => e.text === "my cat is called Miso"),
    "older turns stay stored",
  );
  await say(key, "501", "thanks");
  assert.match(
    fake.requests.all().at(-1)!.system,
    /The user's cat is called Miso/,
    "the flush wrote MEMORY.md, read into the next turn's prompt",
  );
});

test("an overflow with nothing older to summarise ends in a clear error reply, not a loop", async () => {
  const key = "agent:main:telegram:direct:overflow-first";
  const seen = fake.requests.all().length;
  fake.script.enqueue(llm.error("context_overflow"));
  const reply = await say(key, "502", "a first message that is already too long");
  assert.match(reply, /prompt is too long/);
  assert.equal(fake.requests.all().length - seen, 1, "no retry without a compaction");
});

test("/compact with instructions summarises older turns; the next turn starts from the summary", async () => {
  const key = "agent:main:telegram:direct:manual";
  await say(key, "503", "we picked Postgres for the API");
  await say(key, "503", "and the deadline is March 3");
  const seen = fake.requests.all().length;
  fake.script.enqueue(llm.text("Decided: Postgres for the API; deadline March 3."));
  const answer = await say(key, "503", "/compact Focus on the API design decisions");
  assert.match(answer, /^🧹 Compacted: ~\d+ → ~\d+ tokens/);
  const summaryCall = fake.requests.all()[seen]!;
  assert.match(
    summaryCall.lastUserText,
    /Focus of this summary \(from the operator\): Focus on the API design decisions/,
  );
  assert.equal(fake.requests.all().length - seen, 1, "a manual compaction runs no memory flush");
  await say(key, "503", "remind me of the plan");
  const next = fake.requests.all().at(-1)!;
  assert.match(sentText(next), /Decided: Postgres for the API; deadline March 3/);
  assert.doesNotMatch(sentText(next), /we picked Postgres/);
  const marker = (await transcript(key)).find((e) => e.compaction);
  assert.equal(marker?.compaction?.trigger, "manual");
  const status = await say(key, "503", "/status");
  assert.match(status, /Compactions: 1/);
});

test("a session nearing the model's window is compacted before the turn", async () => {
  const key = "agent:tiny:telegram:direct:threshold";
  fake.script.respondWith((request) =>
    request.system === COMPACTION_SYSTEM
      ? llm.text("Short summary of the long talk.")
      : llm.text(`ok ${request.lastUserText.length}`),
  );
  try {
    for (let i = 0; i < 6; i++)
      await say(key, "504", `note ${i} ${"lorem ipsum ".repeat(150)}`, "tiny");
  } finally {
    fake.script.reset();
  }
  const markers = (await transcript(key)).filter((e) => e.compaction);
  assert.ok(markers.length >= 1, "compacted at least once");
  assert.equal(markers[0]!.compaction!.trigger, "threshold");
  const last = fake.requests
    .all()
    .filter((r) => r.model === "tiny-window")
    .at(-1)!;
  assert.match(sentText(last), /Short summary of the long talk/);
  assert.doesNotMatch(sentText(last), /note 0 /);
});
