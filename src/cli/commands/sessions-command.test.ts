import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  Buckets,
  connectBus,
  provision,
  provisionPlan,
  sessionStateSchema,
  Transcript,
  TypedBucket,
  type Bus,
} from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { sessionsCommand } from "./sessions-command.js";

let nats: NatsTestServer;
let bus: Bus;
const key = "agent:main:telegram:direct:42";

before(async () => {
  nats = await startNatsServer();
  bus = await connectBus({ servers: nats.url, name: "t", logger: silentLogger });
  await provision(bus, provisionPlan, silentLogger);
  const session = { session: sessionToken(key) };
  const old = await bus.jsPublish(Transcript, session, {
    role: "user",
    text: "before reset",
    ts: 1,
    sessionId: "old",
  });
  await bus.jsPublish(Transcript, session, {
    role: "user",
    text: "hello",
    ts: 2,
    sessionId: "s2",
    channel: "telegram",
    untrusted: true,
  });
  const last = await bus.jsPublish(Transcript, session, {
    role: "assistant",
    text: "hi there",
    ts: 3,
    sessionId: "s2",
    model: "anthropic/claude-opus-4-5",
  });
  const sessions = await TypedBucket.open(bus, Buckets.Sessions, sessionStateSchema);
  await sessions.put(sessionToken(key), {
    key,
    agentId: "main",
    sessionId: "s2",
    createdAt: 2,
    updatedAt: 3,
    lastSeq: 2,
    transcriptStart: old.seq + 1,
    transcriptSeq: last.seq,
    lastModel: "anthropic/claude-opus-4-5",
    inputTokens: 10,
    outputTokens: 5,
  });
});
after(async () => {
  await bus.close();
  await nats.dispose();
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      out: (t: string) => void out.push(t),
      err: (t: string) => void err.push(t),
      env: { NATS_URL: nats.url },
      isTerminal: false,
    },
  };
}

test("sessions export writes the current session's transcript as JSONL", async () => {
  const c = capture();
  assert.equal(
    await sessionsCommand.run({ positionals: ["export", key], values: {}, io: c.io }),
    0,
  );
  const lines = c.out
    .join("\n")
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => [l.role, l.text, l.key]),
    [
      ["user", "hello", key],
      ["assistant", "hi there", key],
    ],
  );
  const file = join(mkdtempSync(join(tmpdir(), "export-")), "s.jsonl");
  const all = capture();
  assert.equal(
    await sessionsCommand.run({
      positionals: ["export", key],
      values: { out: file, all: true },
      io: all.io,
    }),
    0,
  );
  assert.equal(
    readFileSync(file, "utf8").trim().split("\n").length,
    3,
    "--all includes earlier session ids",
  );
  assert.match(all.err.join(""), /wrote 3 entries/);
});

test("sessions list shows sessions; unknown keys and bad arguments fail clearly", async () => {
  const c = capture();
  assert.equal(await sessionsCommand.run({ positionals: ["list"], values: {}, io: c.io }), 0);
  assert.match(c.out.join("\n"), new RegExp(`${key}  anthropic/claude-opus-4-5  15 tokens`));
  const missing = capture();
  assert.equal(
    await sessionsCommand.run({
      positionals: ["export", "agent:main:nope"],
      values: {},
      io: missing.io,
    }),
    1,
  );
  assert.match(missing.err.join(""), /no session agent:main:nope/);
  const usage = capture();
  assert.equal(await sessionsCommand.run({ positionals: ["export"], values: {}, io: usage.io }), 2);
  assert.match(usage.err.join("\n"), /Usage: clawfleet sessions list/);
});
