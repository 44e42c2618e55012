import { LogLines, type Bus } from "@clawfleet/bus";
import type { LogRecord, RootLogger } from "@clawfleet/log";

/**
 * Ships every log line to the LOGS stream (`logs.<service>`) so the gateway's `logs.tail` shows
 * all services. No ack wait, and nothing is sent while the bus is closing.
 */
export function shipLogsToBus(logger: RootLogger, bus: Bus, service: string): () => void {
  const logs = bus.stream(LogLines);
  return logger.addSink((record: LogRecord) => void logs.send({ service }, record));
}
