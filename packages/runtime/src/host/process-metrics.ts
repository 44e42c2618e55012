import type { Bus } from "@clawfleet/bus";
import type { Readiness } from "../health/readiness.js";
import type { MetricsRegistry } from "../metrics/metrics-registry.js";

/** Registers the metrics every process exposes: memory, uptime, readiness and bus counters. */
export function registerProcessMetrics(
  metrics: MetricsRegistry,
  readiness: Readiness,
  bus: () => Bus | undefined,
): void {
  metrics.gauge("process_resident_memory_bytes", "Resident memory of the process.", () =>
    process.memoryUsage.rss(),
  );
  metrics.gauge("nodejs_heap_used_bytes", "V8 heap in use.", () => process.memoryUsage().heapUsed);
  metrics.gauge("process_uptime_seconds", "Seconds since the process started.", () =>
    process.uptime(),
  );
  metrics.gauge("clawfleet_ready", "1 when every readiness condition is met.", () =>
    readiness.ready ? 1 : 0,
  );
  metrics.gauge("clawfleet_bus_connected", "1 while connected to NATS.", () => {
    const connected = bus()?.isOpen() ?? false;
    return connected && readiness.failing().every((f) => !f.startsWith("bus")) ? 1 : 0;
  });
  for (const counter of [
    "published",
    "received",
    "invalid",
    "deadLettered",
    "handlerErrors",
    "requests",
    "requestErrors",
  ] as const) {
    metrics.gauge(
      `clawfleet_bus_${snake(counter)}_total`,
      `Bus messages: ${counter}.`,
      () => bus()?.counters[counter] ?? 0,
    );
  }
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
