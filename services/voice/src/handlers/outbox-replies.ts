import {
  consumeWork,
  Outbox,
  outboxConsumer,
  Verdict,
  type Bus,
  type WorkQueueHandle,
} from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import type { CallEngine } from "../calls/call-engine.js";
import { isValidCallId } from "../calls/call-store.js";

/** The durable consumer of `outbox.v1.voice.default`: agent replies to calls. */
export const VoiceOutbox = outboxConsumer("voice", "default");

/**
 * Takes the agents' replies to calls from OUTBOX and stores each in its call's KV record, where the
 * next webhook of that call (on any instance) speaks it. The reply is acked only after the write,
 * and the write dedupes on the outbox id, so a reply survives a voice restart and is spoken once.
 */
export function consumeVoiceReplies(bus: Bus, engine: CallEngine, logger: Logger): WorkQueueHandle {
  const log = logger.child({ subsystem: "voice-outbox" });
  return consumeWork(bus, {
    consumer: VoiceOutbox,
    subject: Outbox,
    concurrency: 4,
    logger,
    pullExpiresMs: 2000,
    handler: async (item) => {
      const callId = item.data.target.peer.id;
      if (!isValidCallId(callId))
        return Verdict.giveUp(`reply target ${JSON.stringify(callId)} is not a call id`);
      const outcome = await engine.acceptReply(callId, {
        id: item.data.id,
        text: item.data.text,
        seq: item.seq,
        at: engine.deps.now(),
      });
      if (outcome === "unknown-call" || outcome === "call-ended")
        log.info(
          `dropped a reply for ${outcome === "unknown-call" ? "unknown" : "ended"} call ${callId}`,
          { callId, replyId: item.data.id },
        );
      return Verdict.ack;
    },
  });
}
