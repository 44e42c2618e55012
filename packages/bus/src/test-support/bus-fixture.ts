import { silentLogger, type Logger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "../testing/nats-server.js";
import { after, before } from "node:test";
import type { Bus } from "../core/bus.js";
import { connectBus } from "../core/connect.js";

/** A private nats-server for one test file plus a way to open buses on it; cleaned up after the file. */
export function useNats(): {
  server: () => NatsTestServer;
  bus: (name?: string, logger?: Logger) => Promise<Bus>;
} {
  let server: NatsTestServer | undefined;
  const buses: Bus[] = [];
  before(async () => {
    server = await startNatsServer();
  });
  after(async () => {
    await Promise.all(buses.map((b) => b.close()));
    await server?.dispose();
  });
  return {
    server: () => server!,
    bus: async (name = "test", logger = silentLogger) => {
      const bus = await connectBus({ servers: server!.url, name, logger });
      buses.push(bus);
      return bus;
    },
  };
}
