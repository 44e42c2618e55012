import { existsSync } from "node:fs";
import * as path from "node:path";
import { parseSessionKey } from "@clawfleet/core";
import { IMPORT_FILE_MAX_BYTES, type ImportedSession, type ImportProblem } from "./import-plan.js";
import { parseOpenClawTranscript } from "./openclaw-transcript.js";
import { readFileCapped } from "./read-file-capped.js";
import { errorMessage } from "@clawfleet/core";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** Where a row's transcript is: its `sessionFile` (only its name: it must sit in the sessions folder) or `<sessionId>.jsonl`. */
function transcriptName(row: Json, sessionId: string): string {
  const named = str(row.sessionFile);
  return named ? path.basename(named) : `${sessionId}.jsonl`;
}

function modelOverride(row: Json): string | undefined {
  const model = str(row.modelOverride);
  if (!model) return undefined;
  const provider = str(row.providerOverride);
  return provider && !model.includes("/") ? `${provider}/${model}` : model;
}

function sessionOf(
  agentId: string,
  key: string,
  row: Json,
  dir: string,
  relDir: string,
  problems: ImportProblem[],
): ImportedSession | undefined {
  const file = `${relDir}/sessions.json`;
  const sessionId = str(row.sessionId);
  if (!sessionId) {
    problems.push({ file, field: `${key}.sessionId`, message: "missing: session not imported" });
    return undefined;
  }
  const parsed = parseSessionKey(key);
  if (!parsed.ok) {
    problems.push({
      file,
      field: key,
      message: `not a session key (${parsed.reason}): not imported`,
    });
    return undefined;
  }
  if (parsed.key.agentId !== agentId) {
    problems.push({
      file,
      field: key,
      message: `belongs to agent ${parsed.key.agentId}, not ${agentId} whose folder holds it: not imported`,
    });
    return undefined;
  }
  const name = transcriptName(row, sessionId);
  const transcriptPath = path.join(dir, name);
  const transcriptFile = `${relDir}/${name}`;
  let entries: ImportedSession["entries"] = [];
  let startedAt: number | undefined;
  if (existsSync(transcriptPath)) {
    const text = readFileCapped(transcriptPath, transcriptFile, IMPORT_FILE_MAX_BYTES, problems);
    if (text === undefined) return undefined;
    const transcript = parseOpenClawTranscript(text, transcriptFile, sessionId);
    problems.push(...transcript.problems);
    entries = transcript.entries;
    startedAt = transcript.startedAt;
  } else {
    problems.push({
      file: transcriptFile,
      message: "not found: the session is imported without history",
    });
  }
  const updatedAt = num(row.updatedAt) ?? entries.at(-1)?.ts ?? 0;
  const kind = parsed.key.kind;
  const channel =
    str(row.lastChannel) ?? ("channel" in parsed.key ? parsed.key.channel : undefined);
  const override = modelOverride(row);
  const displayName = str(row.displayName) ?? str(row.label);
  return {
    agentId,
    key,
    sessionId,
    ...(entries.length > 0 || existsSync(transcriptPath) ? { transcriptFile } : {}),
    createdAt: num(row.sessionStartedAt) ?? startedAt ?? entries[0]?.ts ?? updatedAt,
    updatedAt,
    ...(channel ? { channel } : {}),
    kind,
    ...(displayName ? { displayName } : {}),
    ...(override ? { modelOverride: override } : {}),
    inputTokens: num(row.inputTokens) ?? 0,
    outputTokens: num(row.outputTokens) ?? 0,
    entries,
  };
}

/**
 * Reads `agents/<agentId>/sessions/sessions.json` and each row's transcript JSONL. A bad row or
 * transcript is reported and skipped; the other sessions are still read.
 */
export function readAgentSessions(
  stateDir: string,
  agentId: string,
  problems: ImportProblem[],
): ImportedSession[] {
  const relDir = `agents/${agentId}/sessions`;
  const dir = path.join(stateDir, "agents", agentId, "sessions");
  const storePath = path.join(dir, "sessions.json");
  if (!existsSync(storePath)) return [];
  const file = `${relDir}/sessions.json`;
  const text = readFileCapped(storePath, file, IMPORT_FILE_MAX_BYTES, problems);
  if (text === undefined) return [];
  let store: unknown;
  try {
    store = JSON.parse(text);
  } catch (error) {
    problems.push({
      file,
      message: `not JSON (${errorMessage(error)}): no session of ${agentId} imported`,
    });
    return [];
  }
  if (!isObject(store)) {
    problems.push({ file, message: "not an object of session key → entry" });
    return [];
  }
  const out: ImportedSession[] = [];
  for (const [key, row] of Object.entries(store)) {
    if (!isObject(row)) {
      problems.push({ file, field: key, message: "not an object: session not imported" });
      continue;
    }
    const session = sessionOf(agentId, key, row, dir, relDir, problems);
    if (session) out.push(session);
  }
  return out;
}
