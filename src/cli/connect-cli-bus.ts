import { errorMessage } from "@clawfleet/core";
import { connectBus, natsAuthFromEnv, type Bus } from "@clawfleet/bus";
import { cliNatsUrl } from "./cli-nats-url.js";
import { silentLogger } from "@clawfleet/log";
import type { CliIo } from "./command.js";

/** Connects a CLI command to the bus once (no retrying); prints why and returns undefined when NATS does not answer. */
export async function connectCliBus(io: CliIo, command: string): Promise<Bus | undefined> {
  const url = cliNatsUrl(io.env);
  try {
    return await connectBus(
      { servers: url, name: `cli-${command}`, logger: silentLogger, retryUntilConnected: false },
      natsAuthFromEnv(io.env),
    );
  } catch (error) {
    io.err(
      `clawfleet ${command}: NATS at ${url} does not answer (${errorMessage(error)}); set NATS_URL or start the stack`,
    );
    return undefined;
  }
}
