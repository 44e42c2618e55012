import {
  AgentAbort,
  BusError,
  BusErrorCode,
  ChatHistory,
  Inbox,
  SessionsDelete,
  SessionsList,
  SessionsPreview,
  SessionsReset,
  Transcript,
  updateWithRetry,
  type Bus,
} from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import type { Subscription } from "./subscription.js";
import { resetSession } from "../commands/session-reset.js";
import { leaseExpired, newSessionState } from "../turn/state/session-hold.js";
import type { SessionRpcDeps } from "../turn/turn-deps.js";
import { historyMessage, sessionSummary } from "./session-summary.js";

/** How long `sessions.delete` waits for a running turn to stop after asking it to. */
const DELETE_WAIT_MS = 8000;

async function listSessions(deps: SessionRpcDeps, limit: number, agentId: string | undefined) {
  const keys = await deps.sessions.keys();
  const states = await Promise.all(keys.map((k) => deps.sessions.get(k).catch(() => undefined)));
  return states
    .flatMap((s) => (s ? [s.value] : []))
    .filter((s) => !agentId || s.agentId === agentId)
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, limit)
    .map(sessionSummary);
}

async function deleteSession(deps: SessionRpcDeps, key: string) {
  const token = sessionToken(key);
  let current = await deps.sessions.get(token);
  if (!current) throw new BusError(BusErrorCode.NotFound, `no session ${key}`);
  const deadline = Date.now() + DELETE_WAIT_MS;
  while (current?.value.lease && !leaseExpired(current.value.lease, Date.now())) {
    deps.bus.publish(
      AgentAbort,
      { session: token },
      { sessionKey: key, reason: "session deleted" },
    );
    if (Date.now() > deadline)
      throw new BusError(
        BusErrorCode.Conflict,
        `session ${key} is still running a turn; try again`,
        { retryable: true },
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
    current = await deps.sessions.get(token);
  }
  if (!current) throw new BusError(BusErrorCode.NotFound, `no session ${key}`);
  await deps.bus.stream(Transcript).purge({ session: token });
  // Handled inputs go; input still waiting (seq > lastSeq) stays and starts the next session.
  await deps.bus
    .stream(Inbox)
    .purge({ session: token }, { keepFromSeq: current.value.lastSeq + 1 });
  await deps.sessions.delete(token, current.revision);
  deps.history.forget(token);
  return { ok: true, key, sessionId: current.value.sessionId };
}

/** Serves the session RPCs the gateway calls: list, reset, delete, preview and chat history. */
export function serveSessionRpcs(bus: Bus, deps: SessionRpcDeps): Subscription[] {
  return [
    bus.serve(SessionsList, {}, async ({ limit, agentId }) => ({
      sessions: await listSessions(deps, limit ?? 200, agentId),
    })),
    bus.serve(SessionsReset, {}, async ({ key }) => {
      const token = sessionToken(key);
      const result = await updateWithRetry(deps.sessions, token, (s) =>
        s ? resetSession(s, Date.now(), undefined) : newSessionState(key, Date.now()),
      );
      deps.history.forget(token);
      return { ok: true, key, sessionId: result.value!.sessionId };
    }),
    bus.serve(SessionsDelete, {}, ({ key }) => deleteSession(deps, key)),
    bus.serve(SessionsPreview, {}, async ({ keys, limit }) => ({
      previews: await Promise.all(
        keys.map(async (key) => {
          const state = await deps.sessions.get(sessionToken(key));
          if (!state) return { key, messages: [] };
          const { entries } = await deps.history.read(sessionToken(key), state.value, limit ?? 5);
          return {
            key,
            messages: entries
              .filter((e) => e.role === "user" || e.role === "assistant")
              .map(historyMessage),
          };
        }),
      ),
    })),
    bus.serve(ChatHistory, {}, async ({ sessionKey, limit }) => {
      const state = await deps.sessions.get(sessionToken(sessionKey));
      if (!state) return { sessionKey, messages: [], hasMore: false };
      const { entries, hasMore } = await deps.history.read(
        sessionToken(sessionKey),
        state.value,
        limit ?? 200,
      );
      return {
        sessionKey,
        sessionId: state.value.sessionId,
        messages: entries.map(historyMessage),
        hasMore,
      };
    }),
  ];
}
