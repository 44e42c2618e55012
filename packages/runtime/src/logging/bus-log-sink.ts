import { LogLines, type Bus } from "@clawfleet/bus";
import type { LogRecord, RootLogger } from "@clawfleet/log";

/**
 * Ships every log line to the LOGS stream (`logs.<service>`) so the gateway's `logs.tail` shows
 * all services. Core publish: no ack wait, and nothing is sent while disconnected.
 */
export function shipLogsToBus(logger: RootLogger, bus: Bus, service: string): () => void {
  const subject = `logs.${service}`;
  const encoder = new TextEncoder();
  return logger.addSink((record: LogRecord) => {
    if (bus.nc.isClosed() || bus.nc.isDraining()) return;
    const line = LogLines.schema.safeParse(record);
    if (line.success) bus.nc.publish(subject, encoder.encode(JSON.stringify(line.data)));
  });
}
