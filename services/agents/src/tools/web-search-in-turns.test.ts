import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Bus } from "@clawfleet/bus";
import { AnthropicFake, BraveFake, llm, type NatsTestServer } from "@clawfleet/testkit";
import {
  recordEvents,
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  waitForOutbox,
  until,
  type TestConfig,
  type TestWorker,
} from "../test-support/agents-harness.js";

let nats: NatsTestServer;
let bus: Bus;
const fake = new AnthropicFake();
const brave = new BraveFake();
let worker: TestWorker;
let config: TestConfig;

before(async () => {
  ({ nats, bus } = await startTestNats());
  await fake.start();
  await brave.start();
  config = {
    agents: {
      defaults: { model: "anthropic/search-model" },
      list: [
        { id: "main", default: true },
        { id: "nosearch", model: "anthropic/nosearch-model", tools: { deny: ["web_search"] } },
      ],
    },
    tools: { web: { search: { maxResults: 3 } } },
    // The fake listens on 127.0.0.1: a configured IP-literal proxy is the one private address allowed.
    plugins: { entries: { brave: { config: { webSearch: { baseUrl: brave.baseUrl } } } } },
  };
  worker = await startWorker(nats.url, config, {
    ANTHROPIC_API_KEY: "sk-test",
    ANTHROPIC_BASE_URL: fake.baseURL,
    BRAVE_API_KEY: brave.apiKey,
  });
});
after(async () => {
  await stopWorker(worker);
  await bus.close();
  await fake.stop();
  await brave.stop();
  await nats.dispose();
});

async function replyTo(key: string, text: string, agentId: string, chatId: string) {
  await submit(bus, telegramInput(key, text, chatId, { agentId }));
  return (
    await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key && r.origin === "agent"))
  ).find((r) => r.sessionKey === key && r.origin === "agent")!;
}

/** The tool result the model got back in the request after its tool call. */
function toolResultAfter(model: string): string {
  const request = fake.requests
    .all()
    .filter((r) => r.model === model)
    .at(-1)!;
  const blocks = (request.messages.at(-1) as { content: { type: string; content: unknown }[] })
    .content;
  const result = blocks.find((b) => b.type === "tool_result")!;
  return typeof result.content === "string"
    ? result.content
    : (result.content as { text: string }[]).map((b) => b.text).join("");
}

const offered = (model: string) =>
  (fake.requests.all().find((r) => r.model === model)!.tools as { name: string }[]).map(
    (t) => t.name,
  );

test("the model calls web_search, Brave answers, and the results reach the next model request", async () => {
  brave.setResults("nats jetstream kv", [
    {
      title: "JetStream Key/Value Store",
      url: "https://docs.nats.io/nats-concepts/jetstream/key-value-store",
      description: "A <strong>KV</strong> store on JetStream",
    },
    {
      title: "nats.js kv",
      url: "https://github.com/nats-io/nats.js",
      description: "The JavaScript client",
    },
  ]);
  fake.script.enqueueFor(
    "search-model",
    llm.toolUse("web_search", { query: "nats jetstream kv" }, { text: "Searching." }),
  );
  const rec = recordEvents(bus);
  const key = "agent:main:telegram:direct:700";
  const reply = await replyTo(key, "what is the NATS KV?", "main", "700");
  assert.ok(offered("search-model").includes("web_search"));
  const [request] = brave.requests.all();
  assert.equal(request!.token, brave.apiKey);
  assert.deepEqual(
    request!.params,
    { q: "nats jetstream kv", count: "3" },
    "maxResults from config",
  );
  const result = JSON.parse(toolResultAfter("search-model")) as {
    kind: string;
    results: { url: string; snippet: string }[];
  };
  assert.equal(result.kind, "results");
  assert.deepEqual(
    result.results.map((r) => r.url),
    [
      "https://docs.nats.io/nats-concepts/jetstream/key-value-store",
      "https://github.com/nats-io/nats.js",
    ],
  );
  assert.match(result.results[0]!.snippet, /A KV store on JetStream/);
  assert.match(reply.text, /^echo: .*docs\.nats\.io/s);
  await until(async () => rec.events.some((e) => e.type === "tool" && e.phase === "end"));
  const ends = rec.events.filter((e) => e.sessionKey === key && e.type === "tool");
  assert.deepEqual(
    ends.map((e) => (e.type === "tool" ? `${e.phase}:${e.name}:${e.isError ?? ""}` : "")),
    ["start:web_search:", "end:web_search:false"],
  );
  rec.stop();
});

test("Brave's 429 reaches the model as a tool error naming the rate limit", async () => {
  brave.faults.add("search", { kind: "status", status: 429 });
  fake.script.enqueueFor("search-model", llm.toolUse("web_search", { query: "busy" }));
  const rec = recordEvents(bus);
  const key = "agent:main:telegram:direct:701";
  await replyTo(key, "search something", "main", "701");
  assert.match(toolResultAfter("search-model"), /rate limit reached \(HTTP 429\)/);
  assert.doesNotMatch(toolResultAfter("search-model"), new RegExp(brave.apiKey));
  await until(async () =>
    rec.events.some((e) => e.sessionKey === key && e.type === "tool" && e.phase === "end"),
  );
  const end = rec.events.find(
    (e) => e.sessionKey === key && e.type === "tool" && e.phase === "end",
  );
  assert.equal(end?.type === "tool" && end.isError, true);
  rec.stop();
});

test("tools.deny keeps web_search from an agent: not offered, and a call is refused without a search", async () => {
  const before = brave.requests.all().length;
  fake.script.enqueueFor("nosearch-model", llm.toolUse("web_search", { query: "denied" }));
  const reply = await replyTo("agent:nosearch:main", "search it", "nosearch", "702");
  assert.ok(!offered("nosearch-model").includes("web_search"));
  assert.ok(offered("nosearch-model").includes("web_fetch"));
  assert.match(reply.text, /tool web_search is not available to this agent/);
  assert.equal(brave.requests.all().length, before);
});

test("a bad tools.web.search value is rejected naming the field, the running config stays; enabled:false hides the tool", async () => {
  const snapshot = (document: unknown, hash: string) => ({
    raw: JSON.stringify(document),
    hash,
    document,
    file: "/tmp/openclaw.json",
    updatedAt: Date.now(),
    updatedBy: "test",
  });
  const bad = { ...config, tools: { web: { search: { maxResults: 50 } } } };
  assert.equal(worker.live.apply(snapshot(bad, "bad")), false);
  assert.ok(
    worker.logs.some((l) => /tools\.web\.search\.maxResults/.test(l.msg)),
    "the rejection names the field",
  );
  assert.equal(worker.live.current.tools.web.search.maxResults, 3);
  const off = { ...config, tools: { web: { search: { enabled: false } } } };
  assert.equal(worker.live.apply(snapshot(off, "off")), true);
  fake.script.enqueueFor("search-model", llm.text("no search now"));
  const key = "agent:main:telegram:direct:703";
  await replyTo(key, "anything", "main", "703");
  const last = fake.requests
    .all()
    .filter((r) => r.model === "search-model")
    .at(-1)!;
  assert.ok(!(last.tools as { name: string }[]).some((t) => t.name === "web_search"));
});
