// One kill -9 of a stream leader under a steady flow of inputs, judged by what OUTBOX stored (not by a
// core subscription, which misses what is published while its own connection moves off the killed node).
import { Inbox, Outbox, submitInput, type Bus, type OutboxMessage } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";

/** Inputs per second during a kill, spread over {@link FLOW_SESSIONS} sessions. */
export const FLOW_RATE = 20;
/** Sessions (chats) the flow is spread over. */
export const FLOW_SESSIONS = 10;
/** How long replies may take to resume, and the backlog to be answered, before the run fails. */
const WAIT_MS = 120_000;
const POLL_MS = 100;

/** What one kill showed. */
export interface KillOutcome {
  /** ms from the kill to the stored reply of the first input sent after it. */
  resumeMs: number;
  /** ms from the kill until the bus took an input again (INBOX and TURNS each had a leader): the election's part of {@link resumeMs}. */
  acceptedMs: number;
  /** Inputs sent during the run (each answered exactly once, in order per session). */
  inputs: number;
  /** Inputs whose publish was refused or timed out at least once (and retried with the same id). */
  retried: number;
}

/** OUTBOX as stored, read forward by sequence; a read that fails (no leader yet) is tried again next poll. */
class StoredReplies {
  readonly entries: { seq: number; time: number; data: OutboxMessage }[] = [];
  #next = 1;

  constructor(private readonly bus: Bus) {}

  async poll(): Promise<void> {
    const outbox = this.bus.stream(Outbox);
    try {
      const { lastSeq } = await outbox.info();
      for (; this.#next <= lastSeq; this.#next++) {
        const entry = await outbox.get(this.#next);
        if (entry) this.entries.push(entry);
      }
    } catch {
      // OUTBOX has no leader right now: later
    }
  }
}

const inputNumber = (text: string) => Number(/flow (\d+)/.exec(text)?.[1] ?? -1);

async function waitFor(
  check: () => Promise<boolean>,
  what: () => string,
  onTimeout?: () => Promise<string>,
): Promise<void> {
  const deadline = performance.now() + WAIT_MS;
  while (!(await check())) {
    if (performance.now() > deadline)
      throw new Error(
        `${what()} not within ${WAIT_MS} ms${onTimeout ? `: ${await onTimeout()}` : ""}`,
      );
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * Sends {@link FLOW_RATE} inputs/s (each chat's in order, one after another, a failed publish retried
 * with the same id as channels does), kills the node `victim` finds (it returns the kill) once replies flow, and waits
 * until every input has its reply in OUTBOX. Throws unless each input is answered exactly once and
 * in order per session, naming the inputs left unanswered and whether INBOX holds them.
 */
export async function runKill(
  bus: Bus,
  tag: string,
  victim: () => Promise<() => Promise<void>>,
): Promise<KillOutcome> {
  const stored = new StoredReplies(bus);
  const sentAt: number[] = [];
  const sessionOf: string[] = [];
  const retried = new Set<number>();
  let killedAt = Number.POSITIVE_INFINITY;
  let acceptedAt: number | undefined;
  const chats = new Map<string, Promise<void>>();
  let flowing = true;
  const flow = (async () => {
    for (let i = 0; flowing; i++) {
      const s = i % FLOW_SESSIONS;
      const sessionKey = `agent:main:telegram:group:${tag}s${s}`;
      sessionOf[i] = sessionKey;
      sentAt[i] = Date.now();
      const input = {
        id: `${tag}-${i}`,
        sessionKey,
        agentId: "main",
        text: `flow ${i}`,
        source: "channel" as const,
        receivedAt: Date.now(),
        replyTarget: {
          channel: "telegram",
          accountId: "default",
          peer: { kind: "group" as const, id: `${tag}s${s}` },
        },
      };
      const send = async (): Promise<void> => {
        for (;;) {
          try {
            await submitInput(bus, input);
            if (acceptedAt === undefined && sentAt[i]! >= killedAt) acceptedAt = Date.now();
            return;
          } catch {
            retried.add(i);
            await new Promise((r) => setTimeout(r, 250));
          }
        }
      };
      chats.set(sessionKey, (chats.get(sessionKey) ?? Promise.resolve()).then(send));
      await new Promise((r) => setTimeout(r, 1000 / FLOW_RATE));
    }
  })();
  const answered = () => new Set(stored.entries.map((e) => inputNumber(e.data.text)));
  try {
    await waitFor(
      async () => (await stored.poll(), stored.entries.length >= 20),
      () => "20 replies before the kill",
    );
    const kill = await victim();
    killedAt = Date.now();
    await kill();
    const firstAfter = () =>
      stored.entries.find((e) => (sentAt[inputNumber(e.data.text)] ?? 0) >= killedAt);
    await waitFor(
      async () => (await stored.poll(), firstAfter() !== undefined),
      () => "a reply to an input sent after the kill",
    );
    const resumeMs = firstAfter()!.time - killedAt;
    flowing = false;
    await flow;
    await Promise.all(chats.values());
    const sent = sentAt.length;
    const unanswered = () => [...sentAt.keys()].filter((i) => !answered().has(i));
    await waitFor(
      async () => (await stored.poll(), unanswered().length === 0),
      () => `all ${sent} inputs answered (${unanswered().length} not)`,
      () => describeUnanswered(bus, unanswered(), sessionOf),
    );
    await new Promise((r) => setTimeout(r, 2000));
    await stored.poll();
    if (stored.entries.length !== sent)
      throw new Error(`exactly once broken: ${stored.entries.length} replies for ${sent} inputs`);
    for (let s = 0; s < FLOW_SESSIONS; s++) {
      const key = `agent:main:telegram:group:${tag}s${s}`;
      const got = stored.entries
        .filter((e) => e.data.sessionKey === key)
        .map((e) => inputNumber(e.data.text));
      const want = [...sentAt.keys()].filter((i) => sessionOf[i] === key);
      if (got.join() !== want.join())
        throw new Error(`order broken in ${key}: ${got.join()} vs ${want.join()}`);
    }
    return {
      resumeMs,
      acceptedMs: (acceptedAt ?? killedAt) - killedAt,
      inputs: sent,
      retried: retried.size,
    };
  } finally {
    flowing = false;
  }
}

/** Which unanswered inputs INBOX holds (read through its leader), for the failure message. */
async function describeUnanswered(bus: Bus, missing: number[], sessionOf: string[]) {
  const inInbox: string[] = [];
  for (const key of new Set(missing.map((i) => sessionOf[i]!))) {
    const entries = await bus
      .stream(Inbox)
      .read({ session: sessionToken(key) }, { fromLeader: true })
      .catch(() => []);
    for (const e of entries)
      if (missing.includes(inputNumber(e.data.text))) inInbox.push(e.data.text);
  }
  return `unanswered ${missing.join(",")}; stored in INBOX: ${inInbox.length ? inInbox.join(",") : "none"}`;
}
