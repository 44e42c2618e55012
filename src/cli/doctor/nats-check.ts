import { errorMessage } from "@clawfleet/core";
import { silentLogger } from "@clawfleet/log";
import { connectBus, listInstances, natsAuthFromEnv, type Bus } from "@clawfleet/bus";
import type { Finding } from "./finding.js";
import { checkCluster } from "./cluster-check.js";
import { onFly, setSecretFix } from "./platform-fix.js";
import type { DoctorInput } from "./doctor-input.js";

/** What the NATS check found: its findings and the heap limits the live services report. */
export interface NatsCheck {
  findings: Finding[];
  serviceHeaps: DoctorInput["serviceHeaps"];
}

/**
 * NATS answers at `url` (credentials accepted) and has JetStream enabled; then its cluster and
 * streams are checked, and the live service instances are asked for their heap limits.
 */
export async function checkNats(
  env: Record<string, string | undefined>,
  url: string,
): Promise<NatsCheck> {
  let bus: Bus;
  try {
    bus = await connectBus(
      { servers: url, name: "cli-doctor", logger: silentLogger, retryUntilConnected: false },
      natsAuthFromEnv(env),
    );
  } catch (error) {
    return { findings: [unreachable(env, url, errorMessage(error))], serviceHeaps: [] };
  }
  try {
    const info = await bus.jetStreamAccount();
    const instances = await listInstances(bus, { waitMs: 700 });
    const serviceHeaps = instances
      .filter((i) => typeof i.data.heapLimitBytes === "number")
      .map((i) => ({
        name: i.name,
        id: i.id,
        heapLimitMb: Math.round(Number(i.data.heapLimitBytes) / 1048576),
      }));
    return {
      findings: [
        {
          severity: "ok",
          check: "nats",
          message: `${url} answers (server ${bus.serverInfo().version}), JetStream on, ${info.streams} streams`,
        },
        ...(await checkCluster(bus, url, natsAuthFromEnv(env), env.NATS_REPLICAS)),
      ],
      serviceHeaps,
    };
  } catch (error) {
    return {
      findings: [
        {
          severity: "error",
          check: "nats",
          message: `${url} answers but JetStream is off: ${errorMessage(error)}`,
          fix: "run nats-server with -js (and a store dir on a volume)",
        },
      ],
      serviceHeaps: [],
    };
  } finally {
    await bus.close();
  }
}

/** Why NATS did not take the connection: a refused token is a credentials problem, not a down server. */
function unreachable(
  env: Record<string, string | undefined>,
  url: string,
  reason: string,
): Finding {
  if (/authorization|authentication|AUTHORIZATION_VIOLATION|auth/i.test(reason)) {
    const which = env.NATS_TOKEN
      ? "NATS_TOKEN"
      : env.NATS_USER
        ? "NATS_USER/NATS_PASSWORD"
        : "no NATS_TOKEN";
    return {
      severity: "error",
      check: "nats",
      message: `${url} refused the credentials (${which}): ${reason}`,
      fix:
        env.NATS_TOKEN || env.NATS_USER
          ? `make NATS_TOKEN the same for every process and the nats server: ${setSecretFix(env, "NATS_TOKEN=…")}`
          : `this server needs a token: ${setSecretFix(env, "NATS_TOKEN=…")}`,
    };
  }
  return {
    severity: "error",
    check: "nats",
    message: `no answer at ${url}: ${reason}`,
    fix: onFly(env)
      ? "start the nats process group (fly scale count nats=1) or correct NATS_URL"
      : env.NATS_URL
        ? "start the NATS server NATS_URL names, or unset NATS_URL to let `clawfleet all` run its own"
        : "run `clawfleet all` (it starts its own nats-server), or set NATS_URL to an external one",
  };
}
