import {
  AgentAbort,
  AgentEvents,
  Consumers,
  Inbox,
  Turns,
  consumeWork,
  readSubject,
  Verdict,
  type Bus,
} from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { silentLogger } from "@clawfleet/log";

/** A running stand-in agent. */
export interface StreamingAgent {
  stop(): Promise<void>;
}

/**
 * A bus-level stand-in for the agents service that streams its reply word by word (`delayMs`
 * apart) and stops when asked (AgentAbort), so streaming and Stop are visible in a browser. It
 * answers `echo: <text>` like the testkit's echo agent and the LLM fakes.
 */
export function startStreamingAgent(
  bus: Bus,
  options: { delayMs?: number; reply?: (text: string) => string } = {},
): StreamingAgent {
  const delayMs = options.delayMs ?? 120;
  const reply = options.reply ?? ((text: string) => `echo: ${text}`);
  const lastSeq = new Map<string, number>();
  const aborted = new Set<string>();
  const abortSub = bus.subscribe(AgentAbort, {}, (abort) => void aborted.add(abort.sessionKey));
  const handle = consumeWork(bus, {
    consumer: Consumers.AgentTurns,
    subject: Turns,
    concurrency: 4,
    logger: silentLogger,
    pullExpiresMs: 1000,
    handler: async (item) => {
      const session = sessionToken(item.data.sessionKey);
      const inputs = await readSubject(
        bus,
        Inbox,
        { session },
        { fromSeq: (lastSeq.get(session) ?? 0) + 1 },
      );
      for (const { seq, data: input } of inputs) {
        lastSeq.set(session, seq);
        aborted.delete(input.sessionKey);
        const runId = input.runId ?? `run-${seq}`;
        let n = 0;
        const base = () => ({
          runId,
          runIds: [runId],
          sessionKey: input.sessionKey,
          ts: Date.now(),
          seq: ++n,
        });
        bus.publish(AgentEvents, { session }, { ...base(), type: "lifecycle", phase: "start" });
        const text = reply(input.text);
        let sent = "";
        for (const word of text.match(/\S+\s*/g) ?? [text]) {
          await new Promise((r) => setTimeout(r, delayMs));
          if (aborted.has(input.sessionKey)) break;
          sent += word;
          bus.publish(AgentEvents, { session }, { ...base(), type: "delta", text: word });
        }
        if (aborted.has(input.sessionKey)) {
          bus.publish(AgentEvents, { session }, { ...base(), type: "lifecycle", phase: "aborted" });
          continue;
        }
        bus.publish(AgentEvents, { session }, { ...base(), type: "final", text: sent });
        bus.publish(AgentEvents, { session }, { ...base(), type: "lifecycle", phase: "end" });
      }
      return Verdict.ack;
    },
  });
  return {
    async stop() {
      abortSub.unsubscribe();
      await handle.stop();
    },
  };
}
