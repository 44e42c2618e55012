import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  AgentsFilesGet,
  AgentsFilesList,
  AgentsFilesSet,
  BusError,
  WORKSPACE_FILE_MAX_BYTES,
  type Bus,
} from "@clawfleet/bus";
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
      agents: { defaults: { model: "anthropic/ws-model" }, list: [{ id: "main", default: true }] },
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

/** Sends one message and returns the system prompt of the request the model received for it. */
async function systemPromptFor(key: string, text: string, kind: "dm" | "group" = "dm") {
  const seen = fake.requests.all().length;
  const input = telegramInput(key, text, kind === "dm" ? "501" : "-100501");
  if (kind === "group") {
    input.message!.peer = { kind: "group", id: "-100501" };
    input.replyTarget!.peer = { kind: "group", id: "-100501" };
  }
  await submit(bus, input);
  await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key && r.text.includes(text)));
  const request = fake.requests.all().slice(seen).at(-1);
  assert.ok(request, "the model was called");
  return request.system;
}

test("a new workspace is seeded; editing SOUL.md changes the next turn's system prompt", async () => {
  const key = "agent:main:telegram:direct:501";
  const first = await systemPromptFor(key, "hello there");
  assert.match(first, /# Project Context/);
  assert.match(first, /## AGENTS\.md\n# AGENTS\.md/);
  assert.match(first, /## SOUL\.md\n# SOUL\.md — who you are/);
  assert.ok(first.indexOf("## AGENTS.md") < first.indexOf("## SOUL.md"), "OpenClaw's order");
  assert.ok(first.indexOf("## SOUL.md") < first.indexOf("## USER.md"));

  const listed = await bus.request(AgentsFilesList, {}, { agentId: "main" });
  const byName = new Map(listed.files.map((f) => [f.name, f]));
  assert.equal(byName.get("SOUL.md")?.missing, false);
  assert.equal(byName.get("MEMORY.md")?.missing, true, "memory starts empty");

  const set = await bus.request(
    AgentsFilesSet,
    {},
    { agentId: "main", name: "SOUL.md", content: "You are Captain Haddock. Swear colourfully." },
  );
  assert.equal(set.file.size, 43);
  const got = await bus.request(AgentsFilesGet, {}, { agentId: "main", name: "SOUL.md" });
  assert.equal(got.file.content, "You are Captain Haddock. Swear colourfully.");

  const second = await systemPromptFor(key, "and now?");
  assert.match(second, /## SOUL\.md\nYou are Captain Haddock\. Swear colourfully\./);
  assert.doesNotMatch(second, /who you are/);
});

test("MEMORY.md is in private chats' prompts and left out of group chats", async () => {
  await bus.request(
    AgentsFilesSet,
    {},
    { agentId: "main", name: "MEMORY.md", content: "The owner's locker code is 4711." },
  );
  const dm = await systemPromptFor("agent:main:telegram:direct:777", "what do you remember?");
  assert.match(dm, /## MEMORY\.md\nThe owner's locker code is 4711\./);
  const group = await systemPromptFor(
    "agent:main:telegram:group:-100501",
    "what do you remember, group?",
    "group",
  );
  assert.match(group, /## SOUL\.md/);
  assert.doesNotMatch(group, /4711/);
});

test("bad file requests get clear errors naming the file, the limit or the agent", async () => {
  const big = "x".repeat(WORKSPACE_FILE_MAX_BYTES + 1);
  await assert.rejects(
    bus.request(AgentsFilesSet, {}, { agentId: "main", name: "USER.md", content: big }),
    (error: unknown) =>
      error instanceof BusError &&
      /USER\.md is 262145 bytes; a workspace file may hold at most 262144 bytes/.test(
        error.message,
      ),
  );
  await assert.rejects(
    bus.request(AgentsFilesGet, {}, { agentId: "nobody", name: "SOUL.md" }),
    /unknown agent "nobody" \(agents\.list has: main\)/,
  );
  await assert.rejects(
    bus.request(AgentsFilesGet, {}, { agentId: "main", name: "../etc/passwd" }),
    /a workspace file is AGENTS\.md/,
  );
  const unchanged = await bus.request(AgentsFilesGet, {}, { agentId: "main", name: "USER.md" });
  assert.match(unchanged.file.content ?? "", /# USER\.md/);
});
