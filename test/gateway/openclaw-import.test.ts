import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  Buckets,
  connectBus,
  provision,
  provisionPlan,
  sessionStateSchema,
  Transcript,
  TypedBucket,
  workspaceFileRecordSchema,
  type Bus,
} from "@clawfleet/bus";
import { ConfigStore } from "@clawfleet/config";
import { PairingStateSchema } from "@clawfleet/core";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import type { CliIo } from "../../src/cli/command.js";
import { importCommand } from "../../src/cli/commands/import-command.js";
import {
  startTestGateway,
  type TestGateway,
} from "../../services/gateway/src/test-support/gateway-fixture.js";
import { connectClient } from "../../services/gateway/src/test-support/protocol-client.js";

const TOKEN = "import-test-token-3b7c9e1f5a2d";
let nats: NatsTestServer;
let bus: Bus;
let gateway: TestGateway | undefined;
let stateDir: string;

/** Writes a file of the OpenClaw state dir, making its folders. */
function put(relative: string, content: string): void {
  const file = join(stateDir, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

const jsonl = (...lines: unknown[]) =>
  lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n";
const t0 = Date.parse("2026-01-30T09:00:00.000Z");

/** A state dir in OpenClaw's documented layout, with some damage: a bad line, a foreign key, an unknown agent, an oversized file. */
function buildStateDir(): void {
  stateDir = mkdtempSync(join(tmpdir(), "openclaw-state-"));
  put(
    "openclaw.json",
    `{
  // the seed's config, JSON5
  agents: { defaults: { workspace: "/data/workspace" }, list: [{ id: "main", default: true }, { id: "work" }] },
  gateway: { mode: "local", bind: "lan" },
}`,
  );
  put("workspace/SOUL.md", "You are Nova, terse and kind.\n");
  put("workspace/MEMORY.md", "- The user's cat is called Miso.\n");
  put("workspace/memory/2026-01-30.md", "Booked the dentist for Feb 3.\n");
  put("workspace/notes.txt", "not a workspace file");
  put("workspace-work/AGENTS.md", "Work agent rules.\n");
  put("workspace-work/MEMORY.md", "x".repeat(300 * 1024));
  put(
    "agents/main/sessions/sessions.json",
    JSON.stringify({
      "agent:main:main": {
        sessionId: "s-main",
        updatedAt: t0 + 60_000,
        inputTokens: 120,
        outputTokens: 30,
        modelOverride: "claude-sonnet-4-5",
        providerOverride: "anthropic",
      },
      "agent:main:telegram:group:-100123": {
        sessionId: "s-group",
        updatedAt: t0 + 30_000,
        chatType: "group",
        displayName: "Family",
      },
      "agent:work:main": { sessionId: "s-stray", updatedAt: t0 },
      "agent:main:discord:channel:42": { updatedAt: t0 },
    }),
  );
  put(
    "agents/main/sessions/s-main.jsonl",
    jsonl(
      {
        type: "session",
        version: 3,
        id: "s-main",
        timestamp: "2026-01-30T09:00:00.000Z",
        cwd: "/data/workspace",
      },
      {
        type: "message",
        id: "m1",
        parentId: null,
        timestamp: "2026-01-30T09:00:01.000Z",
        message: { role: "user", content: "What's my cat's name?" },
      },
      '{"type":"message","id":"m2", broken',
      {
        type: "message",
        id: "m3",
        parentId: "m1",
        timestamp: "2026-01-30T09:00:02.000Z",
        message: {
          role: "assistant",
          content: [{ type: "text", text: "Miso." }],
          provider: "anthropic",
          model: "claude-opus-4-5",
          usage: { input: 100, output: 20 },
        },
      },
      { type: "model_change", id: "x1", provider: "openai", modelId: "gpt-4o" },
      {
        type: "message",
        id: "m4",
        parentId: "m3",
        timestamp: "2026-01-30T09:00:03.000Z",
        message: { role: "mystery", content: "?" },
      },
      {
        type: "message",
        id: "m5",
        parentId: "m3",
        timestamp: "2026-01-30T09:00:04.000Z",
        message: { role: "user", content: [{ type: "text", text: "Thanks!" }] },
      },
    ),
  );
  put(
    "agents/main/sessions/s-group.jsonl",
    jsonl(
      { type: "session", id: "s-group", timestamp: "2026-01-30T09:00:00.000Z" },
      {
        type: "message",
        id: "g1",
        timestamp: "2026-01-30T09:00:10.000Z",
        message: { role: "user", content: "hi all" },
      },
      {
        type: "compaction",
        id: "g2",
        timestamp: "2026-01-30T09:00:20.000Z",
        summary: "Earlier: planning a trip.",
        firstKeptEntryId: "g1",
        tokensBefore: 900,
      },
    ),
  );
  put(
    "agents/ghost/sessions/sessions.json",
    JSON.stringify({ "agent:ghost:main": { sessionId: "s-ghost" } }),
  );
  put(
    "credentials/telegram-allowFrom.json",
    JSON.stringify({ version: 1, allowFrom: ["111", "222"] }),
  );
  put("credentials/discord-allowFrom.json", JSON.stringify(["333", "bad id"]));
  put("credentials/whatsapp/default/creds.json", "{}");
}

async function runImport(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { NATS_URL: nats.url },
    isTerminal: false,
  };
  const code = await importCommand.run({
    positionals: ["openclaw", stateDir],
    values: Object.fromEntries(args.map((a) => [a.replace(/^--/, ""), true])),
    io,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Everything the import writes, as plain data (timestamps of writes left out). */
async function busState(): Promise<unknown> {
  const sessions = await TypedBucket.open(bus, Buckets.Sessions, sessionStateSchema);
  const workspace = await TypedBucket.open(bus, Buckets.Workspace, workspaceFileRecordSchema);
  const pairing = await TypedBucket.open(bus, Buckets.Pairing, PairingStateSchema);
  const read = async <T>(
    bucket:
      | TypedBucket<never>
      | { keys(): Promise<string[]>; get(k: string): Promise<{ value: T } | undefined> },
  ) =>
    Object.fromEntries(
      await Promise.all(
        (await bucket.keys()).sort().map(async (k) => [k, (await bucket.get(k))?.value] as const),
      ),
    );
  const transcripts = await bus.stream(Transcript).readAll({});
  return {
    sessions: await read(sessions),
    workspace: Object.fromEntries(
      Object.entries(await read(workspace)).map(([k, v]) => [
        k,
        (v as { content: string }).content,
      ]),
    ),
    pairing: Object.fromEntries(
      Object.entries(await read(pairing)).map(([k, v]) => [
        k,
        (v as { approved: { senderId: string }[] }).approved.map((a) => a.senderId),
      ]),
    ),
    transcripts: transcripts.map((e) => ({ seq: e.seq, subject: e.subject, data: e.data })),
    config: (await (await ConfigStore.open(bus)).current())?.value.hash,
  };
}

before(async () => {
  nats = await startNatsServer();
  bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
  await provision(bus, provisionPlan, silentLogger);
  buildStateDir();
});
after(async () => {
  await gateway?.stop();
  await bus.close();
  await nats.dispose();
});

describe("clawfleet import openclaw", () => {
  it("a dry run reports what it would do and writes nothing", async () => {
    const result = await runImport("--dry-run");
    assert.match(result.out, /session agent:main:main: would create \(3 of 3 entries to add\)/);
    assert.match(result.out, /workspace main\/SOUL\.md: would create/);
    assert.match(result.out, /dry run, nothing written/);
    const sessions = await TypedBucket.open(bus, Buckets.Sessions, sessionStateSchema);
    assert.deepEqual(await sessions.keys(), []);
    assert.equal((await bus.stream(Transcript).readAll({})).length, 0);
  });

  it("imports everything readable and names each bad input by file, line and field", async () => {
    const result = await runImport();
    assert.equal(result.code, 1, "problems make the exit status 1");
    assert.match(result.err, /agents\/main\/sessions\/s-main\.jsonl:3: not JSON/);
    assert.match(
      result.err,
      /agents\/main\/sessions\/s-main\.jsonl:6: message\.role: "mystery" is not/,
    );
    assert.match(
      result.err,
      /agents\/main\/sessions\/sessions\.json: agent:work:main: belongs to agent work/,
    );
    assert.match(result.err, /sessions\.json: agent:main:discord:channel:42\.sessionId: missing/);
    assert.match(result.err, /agents\/ghost: agent "ghost" is not in openclaw\.json agents\.list/);
    assert.match(
      result.err,
      /workspace-work\/MEMORY\.md: is 307200 bytes; the import reads at most 262144 bytes/,
    );
    assert.match(
      result.err,
      /credentials\/discord-allowFrom\.json: allowFrom\[1\]: "bad id" is not a sender id/,
    );
    assert.match(result.out, /not imported: credentials\/whatsapp: .*channels login whatsapp/);
    assert.match(result.out, /\[\d+\/\d+\] session agent:main:main: create \(3 entries\)/);

    const state = (await busState()) as {
      workspace: Record<string, string>;
      pairing: Record<string, string[]>;
      config?: string;
    };
    assert.equal(state.workspace["main.SOUL.md"], "You are Nova, terse and kind.\n");
    assert.equal(state.workspace["main.memory/2026-01-30.md"], "Booked the dentist for Feb 3.\n");
    assert.equal(state.workspace["work.AGENTS.md"], "Work agent rules.\n");
    assert.equal(state.workspace["work.MEMORY.md"], undefined);
    assert.deepEqual(state.pairing, {
      "telegram.default": ["111", "222"],
      "discord.default": ["333"],
    });
    assert.ok(state.config, "openclaw.json is on the bus");
  });

  it("a second import changes nothing", async () => {
    const before = await busState();
    const result = await runImport();
    assert.deepEqual(await busState(), before);
    assert.doesNotMatch(result.out, /: (create|update)\b/);
    assert.match(result.out, /unchanged/);
  });

  it("the imported sessions show in sessions.list and chat.history through the gateway", async () => {
    gateway = await startTestGateway({ natsUrl: nats.url, token: TOKEN });
    const client = await connectClient(gateway.wsUrl, { token: TOKEN });
    try {
      const list = await client.request("sessions.list", {});
      assert.equal(list.ok, true, JSON.stringify(list));
      const keys = (list.payload.sessions as { key: string }[]).map((s) => s.key);
      assert.deepEqual(keys, ["agent:main:main", "agent:main:telegram:group:-100123"]);
      const main = (list.payload.sessions as Record<string, unknown>[])[0]!;
      assert.equal(main.sessionId, "s-main");
      const history = await client.request("chat.history", { sessionKey: "agent:main:main" });
      assert.equal(history.ok, true, JSON.stringify(history));
      const messages = history.payload.messages as {
        role: string;
        text: string;
        timestamp: number;
        model?: string;
      }[];
      assert.deepEqual(
        messages.map((m) => [m.role, m.text]),
        [
          ["user", "What's my cat's name?"],
          ["assistant", "Miso."],
          ["user", "Thanks!"],
        ],
      );
      assert.equal(messages[1]!.model, "anthropic/claude-opus-4-5");
      assert.equal(messages[0]!.timestamp, t0 + 1000);
      const group = await client.request("chat.history", {
        sessionKey: "agent:main:telegram:group:-100123",
      });
      const groupMessages = group.payload.messages as {
        role: string;
        text: string;
        __openclaw?: { kind: string; summary: string; tokensBefore: number };
      }[];
      assert.deepEqual(
        groupMessages.map((m) => [m.role, m.text]),
        [
          ["user", "hi all"],
          ["system", "Compaction"],
        ],
      );
      assert.equal(groupMessages[1]!.__openclaw?.kind, "compaction");
      assert.equal(groupMessages[1]!.__openclaw?.summary, "Earlier: planning a trip.");
      assert.equal(groupMessages[1]!.__openclaw?.tokensBefore, 900);
      const stored = await bus.stream(Transcript).readAll({});
      const compaction = stored.find((e) => e.data.compaction)!.data.compaction!;
      assert.equal(compaction.kept, 1, "firstKeptEntryId g1 is the one entry before it");
    } finally {
      client.close();
    }
  });
});
