import { errorMessage } from "@clawfleet/core";
import { connectBus, natsAuthFromEnv } from "@clawfleet/bus";
import { natsServersFor } from "@clawfleet/config";
import { silentLogger } from "@clawfleet/log";
import type { Finding } from "./finding.js";
import { checkCluster } from "./cluster-check.js";

/** NATS answers at NATS_URL and has JetStream enabled; then its cluster and streams are checked. */
export async function checkNats(env: Record<string, string | undefined>): Promise<Finding[]> {
  const url = natsServersFor(env);
  let bus;
  try {
    bus = await connectBus(
      { servers: url, name: "cli-doctor", logger: silentLogger, retryUntilConnected: false },
      natsAuthFromEnv(env),
    );
  } catch (error) {
    return [
      {
        severity: "error",
        check: "nats",
        message: `no answer at ${url}: ${errorMessage(error)}`,
        fix:
          env.NATS_URL || env.FLY_APP_NAME
            ? "start the nats process group (fly scale count nats=1) or correct NATS_URL"
            : "set NATS_URL, or run `clawfleet all`, which starts nats-server itself",
      },
    ];
  }
  try {
    const info = await bus.jetStreamAccount();
    return [
      {
        severity: "ok",
        check: "nats",
        message: `${url} answers (server ${bus.serverInfo().version}), JetStream on, ${info.streams} streams`,
      },
      ...(await checkCluster(bus, url, natsAuthFromEnv(env), env.NATS_REPLICAS)),
    ];
  } catch (error) {
    return [
      {
        severity: "error",
        check: "nats",
        message: `${url} answers but JetStream is off: ${errorMessage(error)}`,
        fix: "run nats-server with -js (and a store dir on a volume)",
      },
    ];
  } finally {
    await bus.close();
  }
}
