import {
  AgentEvents,
  Consumers,
  Inbox,
  Outbox,
  Turns,
  consumeWork,
  lastOnSubject,
  readSubject,
  Verdict,
  type Bus,
  type InboxInput,
} from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { silentLogger } from "@clawfleet/log";

/** A running echo agent. */
export interface EchoAgent {
  /** Every input it answered, in order. */
  readonly answered: InboxInput[];
  stop(): Promise<void>;
}

/**
 * A bus-level stand-in for the agents service, for testing other services before (or without)
 * the real one: it takes TURNS signals, reads each new inbox input, streams `echo: <text>` as
 * agent events (delta + final) and, when the input has a reply target, puts the reply in OUTBOX.
 * It keeps no session state beyond "last seq answered" in memory; it is not the product.
 */
export function startEchoAgent(
  bus: Bus,
  options: { reply?: (input: InboxInput) => string } = {},
): EchoAgent {
  const answered: InboxInput[] = [];
  const lastSeq = new Map<string, number>();
  const reply = options.reply ?? ((input) => `echo: ${input.text}`);
  const handle = consumeWork(bus, {
    consumer: Consumers.AgentTurns,
    subject: Turns,
    concurrency: 4,
    logger: silentLogger,
    pullExpiresMs: 1000,
    handler: async (item) => {
      const session = sessionToken(item.data.sessionKey);
      const from = (lastSeq.get(session) ?? 0) + 1;
      if (item.data.seq < from) return Verdict.ack;
      const inputs = await readSubject(bus, Inbox, { session }, { fromSeq: from });
      for (const entry of inputs) {
        const input = entry.data;
        const text = reply(input);
        const runId = input.runId ?? `run-${entry.seq}`;
        const base = { runId, runIds: [runId], sessionKey: input.sessionKey, ts: Date.now() };
        bus.publish(
          AgentEvents,
          { session },
          { ...base, seq: 1, type: "lifecycle", phase: "start" },
        );
        bus.publish(AgentEvents, { session }, { ...base, seq: 2, type: "delta", text });
        bus.publish(AgentEvents, { session }, { ...base, seq: 3, type: "final", text });
        bus.publish(AgentEvents, { session }, { ...base, seq: 4, type: "lifecycle", phase: "end" });
        if (input.replyTarget) {
          const target = input.replyTarget;
          await bus.jsPublish(
            Outbox,
            { channel: target.channel, account: target.accountId },
            {
              id: `${session}:${entry.seq}`,
              target,
              text,
              sessionKey: input.sessionKey,
              createdAt: Date.now(),
            },
            { msgID: `${session}:${entry.seq}` },
          );
        }
        answered.push(input);
        lastSeq.set(session, entry.seq);
      }
      return Verdict.ack;
    },
  });
  return { answered, stop: () => handle.stop() };
}

/** The last inbox input of a session, for assertions. */
export async function lastInput(bus: Bus, sessionKey: string): Promise<InboxInput | undefined> {
  return (await lastOnSubject(bus, Inbox, { session: sessionToken(sessionKey) }))?.data;
}
