import { writeFileSync } from "node:fs";
import {
  Buckets,
  readSubject,
  sessionStateSchema,
  Transcript,
  TypedBucket,
  type Bus,
  type SessionState,
  type StoredEntry,
  type TranscriptEntry,
} from "@clawfleet/bus";
import { errorMessage, sessionKeyFromToken, sessionToken } from "@clawfleet/core";
import { USAGE_EXIT_CODE, type CliIo, type Command } from "../command.js";
import { connectCliBus } from "../connect-cli-bus.js";
import { BUS_ENV } from "../help-sections.js";

const USAGE =
  "sessions list [--agent ID] [--limit N] [--json] | sessions export <key> [--out FILE] [--all]";

async function openSessions(bus: Bus) {
  return TypedBucket.open(bus, Buckets.Sessions, sessionStateSchema);
}

async function list(
  bus: Bus,
  io: CliIo,
  agentId: string | undefined,
  limit: number,
  json: boolean,
): Promise<number> {
  const sessions = await openSessions(bus);
  const states = (
    await Promise.all((await sessions.keys()).map((k) => sessions.get(k).catch(() => undefined)))
  )
    .flatMap((s) => (s ? [s.value] : []))
    .filter((s) => !agentId || s.agentId === agentId)
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, limit);
  if (json) {
    io.out(
      JSON.stringify(
        states.map(({ pending: _p, lease: _l, ...rest }) => rest),
        null,
        2,
      ),
    );
    return 0;
  }
  if (states.length === 0) io.out("no sessions yet");
  for (const s of states) {
    const busy = s.lease ? " (turn running)" : "";
    io.out(
      `${new Date(s.updatedAt).toISOString().slice(0, 19).replace("T", " ")}  ${s.key}  ${s.lastModel ?? s.modelOverride ?? "-"}  ${s.inputTokens + s.outputTokens} tokens${busy}`,
    );
  }
  return 0;
}

/** Every transcript entry stored for a key (all session ids), oldest first, read straight from TRANSCRIPTS. */
async function readTranscript(
  bus: Bus,
  key: string,
  fromSeq: number,
): Promise<StoredEntry<TranscriptEntry>[]> {
  const out: StoredEntry<TranscriptEntry>[] = [];
  for (let from = Math.max(1, fromSeq); ;) {
    const page = await readSubject(
      bus,
      Transcript,
      { session: sessionToken(key) },
      { fromSeq: from, limit: 1000 },
    );
    out.push(...page);
    if (page.length < 1000) return out;
    from = page.at(-1)!.seq + 1;
  }
}

async function exportSession(
  bus: Bus,
  io: CliIo,
  key: string,
  file: string | undefined,
  all: boolean,
): Promise<number> {
  const state: SessionState | undefined = (await (await openSessions(bus)).get(sessionToken(key)))
    ?.value;
  if (!state && !all) {
    io.err(
      `clawfleet sessions: no session ${key} (see \`clawfleet sessions list\`; --all exports what TRANSCRIPTS still holds)`,
    );
    return 1;
  }
  const entries = (
    await readTranscript(bus, key, all || !state ? 1 : state.transcriptStart)
  ).filter((e) => all || e.data.sessionId === state!.sessionId);
  const jsonl =
    entries.map((e) => JSON.stringify({ ...e.data, key, seq: e.seq })).join("\n") +
    (entries.length ? "\n" : "");
  if (file) {
    writeFileSync(file, jsonl, { mode: 0o600 });
    io.err(`wrote ${entries.length} entries of ${key} to ${file}`);
  } else if (jsonl) {
    io.out(jsonl.trimEnd());
  }
  return 0;
}

/** `sessions list|export`: agent sessions and their transcripts, read straight from the bus (no agents worker needed). */
export const sessionsCommand: Command = {
  name: "sessions",
  summary: "list agent sessions, or export one session's transcript as JSONL",
  usage: USAGE,
  help: [
    "Options:",
    "  --agent ID   only this agent's sessions",
    "  --limit N    at most N sessions, newest first",
    "  --json       print as JSON",
    "  --out FILE   write the export to FILE instead of stdout",
    "  --all        export every entry, compacted ones included",
    "",
    "Environment:",
    ...BUS_ENV,
    "",
    "Examples:",
    "  clawfleet sessions list --limit 20",
    "  clawfleet sessions export agent:main:main --out main.jsonl",
  ],
  maxPositionals: 2,
  options: {
    agent: { type: "string" },
    limit: { type: "string" },
    json: { type: "boolean" },
    out: { type: "string" },
    all: { type: "boolean" },
  },
  async run({ positionals, values, io }) {
    const [action, key] = positionals;
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    const valid =
      (action === "list" && key === undefined && Number.isInteger(limit) && limit > 0) ||
      (action === "export" && key !== undefined);
    if (!valid) {
      io.err(
        `clawfleet: ${action ? `unknown sessions action or arguments: ${positionals.join(" ")}` : "sessions needs an action"}`,
      );
      io.err(`Usage: clawfleet ${USAGE}`);
      return USAGE_EXIT_CODE;
    }
    // A key may be given as its token too (as it appears in subjects and KV).
    const sessionKey = key && !key.includes(":") ? (sessionKeyFromToken(key) ?? key) : key;
    const bus = await connectCliBus(io, "sessions");
    if (!bus) return 1;
    try {
      if (action === "list")
        return await list(
          bus,
          io,
          typeof values.agent === "string" ? values.agent : undefined,
          limit,
          values.json === true,
        );
      return await exportSession(
        bus,
        io,
        sessionKey!,
        typeof values.out === "string" ? values.out : undefined,
        values.all === true,
      );
    } catch (error) {
      io.err(`clawfleet sessions: ${errorMessage(error)}`);
      return 1;
    } finally {
      await bus.close();
    }
  },
};
