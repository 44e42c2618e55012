import {
  Buckets,
  sessionStateSchema,
  Transcript,
  TypedBucket,
  type Bus,
  type SessionState,
} from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import type { ImportedSession } from "./import-plan.js";
import type { ImportRow } from "./import-report.js";

/**
 * Stores one session: the transcript entries not on the bus yet (found by their entry ids, so a
 * re-run or a run cut short appends nothing twice), then the session state, created only when
 * the key has none. A session already on the bus under another id (it went on on clawfleet) is kept.
 */
export async function importSession(
  bus: Bus,
  session: ImportedSession,
  dryRun: boolean,
): Promise<ImportRow> {
  const name = session.key;
  const bucket = await TypedBucket.open(bus, Buckets.Sessions, sessionStateSchema);
  const token = sessionToken(session.key);
  const existing = await bucket.get(token);
  if (existing && existing.value.sessionId !== session.sessionId)
    return {
      kind: "session",
      name,
      action: "kept",
      detail: `the bus holds session id ${existing.value.sessionId}, not ${session.sessionId}: left as it is`,
    };
  const stream = bus.stream(Transcript);
  const stored = await stream.readAll({ session: token });
  const seen = new Set(stored.flatMap((e) => (e.data.entryId ? [e.data.entryId] : [])));
  const missing = session.entries.filter((e) => !e.entryId || !seen.has(e.entryId));
  if (existing && missing.length === 0)
    return {
      kind: "session",
      name,
      action: "unchanged",
      detail: `${session.entries.length} entries`,
    };
  if (dryRun)
    return {
      kind: "session",
      name,
      action: existing ? "update" : "create",
      detail: `${missing.length} of ${session.entries.length} entries to add`,
    };
  let first = stored.find((e) => e.data.sessionId === session.sessionId)?.seq;
  let last = stored.at(-1)?.seq ?? 0;
  for (const entry of missing) {
    const ack = await stream.publish({ session: token }, entry);
    first ??= ack.seq;
    last = Math.max(last, ack.seq);
  }
  if (existing) {
    const value = {
      ...existing.value,
      transcriptSeq: Math.max(existing.value.transcriptSeq, last),
    };
    await bucket.update(token, value, existing.revision);
    return { kind: "session", name, action: "update", detail: `${missing.length} entries added` };
  }
  await bucket.create(token, stateOf(session, first ?? last + 1, last));
  return { kind: "session", name, action: "create", detail: `${missing.length} entries` };
}

function stateOf(session: ImportedSession, start: number, last: number): SessionState {
  const lastText = session.entries.findLast(
    (e) => e.role === "user" || e.role === "assistant",
  )?.text;
  return sessionStateSchema.parse({
    key: session.key,
    agentId: session.agentId,
    sessionId: session.sessionId,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    lastSeq: 0,
    transcriptSeq: last,
    transcriptStart: start,
    ...(session.modelOverride ? { modelOverride: session.modelOverride } : {}),
    inputTokens: session.inputTokens,
    outputTokens: session.outputTokens,
    ...(session.channel ? { channel: session.channel } : {}),
    kind: session.kind,
    ...(session.displayName ? { displayName: session.displayName } : {}),
    ...(lastText ? { lastMessage: lastText.slice(0, 200) } : {}),
  });
}
