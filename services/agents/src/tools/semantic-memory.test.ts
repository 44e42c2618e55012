import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AgentsFilesSet, type Bus } from "@clawfleet/bus";
import { AnthropicFake, llm, OpenAiEmbeddingsFake, type NatsTestServer } from "@clawfleet/testkit";
import {
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  waitForOutbox,
  type TestWorker,
} from "../test-support/agents-harness.js";

// memory_search with an embeddings provider configured (OpenClaw's memory.search), through a real
// nats-server and agents worker: the model is the Anthropic fake, embeddings the OpenAI fake.
let nats: NatsTestServer;
let bus: Bus;
const fake = new AnthropicFake();
const embeddings = new OpenAiEmbeddingsFake();
let worker: TestWorker;

const FACT = "Ana drives a red automobile to work.";
const QUERY = "what colour is the vehicle";

const SEMANTIC = { provider: "openai", model: "text-embedding-3-small" };

/** Applies a config with `memory.search` set to `search`, as a config change reaches a worker. */
function useConfig(hash: string, search: Record<string, unknown>): void {
  assert.ok(
    worker.live.apply({
      raw: "",
      hash,
      document: { agents: { defaults: { model: "anthropic/sem-model" } }, memory: { search } },
      file: "test",
      updatedAt: Date.now(),
      updatedBy: "test",
    }),
  );
}

before(async () => {
  ({ nats, bus } = await startTestNats());
  await fake.start();
  const embeddingsUrl = await embeddings.start();
  worker = await startWorker(
    nats.url,
    {
      agents: { defaults: { model: "anthropic/sem-model" } },
      memory: { search: SEMANTIC },
    },
    {
      ANTHROPIC_API_KEY: "sk-test",
      ANTHROPIC_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: embeddings.apiKey,
      OPENAI_BASE_URL: embeddingsUrl,
    },
  );
  // The worker's RPC subscriptions have reached the server before the first agents.files.set.
  await worker.bus.flush();
});
after(async () => {
  await stopWorker(worker);
  await bus.close();
  await fake.stop();
  await embeddings.stop();
  await nats.dispose();
});

interface SearchResult {
  results: { path: string; snippet: string }[];
  mode: string;
  note?: string;
}

/** One memory_search call made by the model in a new turn; the echo answer repeats the tool output. */
async function search(key: string, chat: string, query: string): Promise<SearchResult> {
  fake.script.enqueueFor("sem-model", llm.toolUse("memory_search", { query }));
  const message = telegramInput(key, `please search`, chat);
  await submit(bus, message);
  const replies = await waitForOutbox(bus, (m) =>
    m.some(
      (r) => r.sessionKey === key && r.origin === "agent" && r.createdAt >= message.receivedAt,
    ),
  );
  const text = replies.filter((r) => r.sessionKey === key && r.origin === "agent").at(-1)!.text;
  return JSON.parse(text.replace(/^echo: /, "")) as SearchResult;
}

test("a fact written with other words than the query is found by meaning, not by keywords alone", async () => {
  await bus.request(
    AgentsFilesSet,
    {},
    { agentId: "main", name: "MEMORY.md", content: `${FACT}\n` },
  );
  await bus.request(
    AgentsFilesSet,
    {},
    { agentId: "main", name: "memory/2026-12-01.md", content: "Lunch with Bob on Tuesday.\n" },
  );

  const found = await search("agent:main:telegram:direct:701", "701", QUERY);
  assert.equal(found.mode, "hybrid");
  assert.equal(found.results[0]?.path, "MEMORY.md");
  assert.match(found.results[0]!.snippet, /red automobile/);
  assert.ok(
    found.results.every((r) => !r.snippet.includes("Bob")),
    "the unrelated note is not similar enough",
  );
  const sent = embeddings.requests.all().filter((r) => r.status === 200);
  assert.ok(
    sent.every((r) => r.model === "text-embedding-3-small"),
    "the configured model is asked",
  );
  assert.ok(
    sent.some((r) => r.inputs.some((i) => i.includes(FACT))),
    "the memory chunk was embedded",
  );

  // The same query by keywords alone finds nothing: the fact shares no word with it.
  useConfig("keywords", { provider: "none" });
  const byWords = await search("agent:main:telegram:direct:702", "702", QUERY);
  assert.equal(byWords.mode, "keyword");
  assert.deepEqual(byWords.results, []);
  useConfig("semantic-again", SEMANTIC);
});

test("unchanged memory is not embedded again; a changed file only for its new text", async () => {
  const before = embeddings.requests.all().length;
  const again = await search("agent:main:telegram:direct:703", "703", QUERY);
  assert.equal(again.results[0]?.path, "MEMORY.md");
  const asked = embeddings.requests.all().slice(before);
  assert.deepEqual(
    asked.map((r) => r.inputs),
    [[QUERY]],
    "only the query was embedded: the chunks' vectors came from KV memory-vectors",
  );

  await bus.request(
    AgentsFilesSet,
    {},
    {
      agentId: "main",
      name: "memory/2026-12-02.md",
      content: "Took the puppy to the vet.\n",
    },
  );
  const mark = embeddings.requests.all().length;
  const pet = await search("agent:main:telegram:direct:704", "704", "how is my dog");
  assert.match(pet.results[0]?.snippet ?? "", /puppy/);
  const chunkInputs = embeddings.requests
    .all()
    .slice(mark)
    .flatMap((r) => r.inputs)
    .filter((i) => i !== "how is my dog");
  assert.deepEqual(chunkInputs, ["Took the puppy to the vet.\n"], "only the new file's chunk");
});

test("a failing embeddings provider falls back to keyword search and says so", async () => {
  embeddings.faults.add("embeddings", { kind: "status", status: 503 });
  const found = await search("agent:main:telegram:direct:705", "705", "Ana automobile");
  assert.equal(found.mode, "keyword");
  assert.match(
    found.note ?? "",
    /semantic search is unavailable \(.*HTTP 503.*\); these are keyword matches only/,
  );
  assert.equal(found.results[0]?.path, "MEMORY.md", "keywords still find the fact");
  assert.doesNotMatch(JSON.stringify(found), new RegExp(embeddings.apiKey), "no key in the result");
});

test("a refused key falls back to keywords and the note does not repeat the key", async () => {
  useConfig("wrong-key", { ...SEMANTIC, remote: { apiKey: "sk-wrong-1234567890abcdef" } });
  const found = await search("agent:main:telegram:direct:706", "706", "Ana automobile");
  useConfig("semantic-again-2", SEMANTIC);
  assert.equal(found.mode, "keyword");
  assert.match(found.note ?? "", /HTTP 401: Incorrect API key provided: \[key\]/);
  assert.doesNotMatch(JSON.stringify(found), /sk-wron|cdef/, "nothing of the key");
});
