import {
  defaultConfig,
  formatConfigReport,
  loadConfigFile,
  resolveConfigPath,
  type ClawEnv,
  type EnvRecord,
} from "@clawfleet/config";
import { StartupError } from "@clawfleet/runtime";
import { resolveCredentials } from "./credentials.js";
import { readGatewayOptions } from "./gateway-options.js";
import { runsInContainer } from "./in-container.js";
import { resolveListenPlan } from "./listen-plan.js";

/**
 * Checks that need neither NATS nor the bus, so a misconfigured gateway exits 1 in milliseconds
 * with a message that says what to do: no config without `--allow-unconfigured`, an invalid config,
 * `gateway.mode` not `local`, a bad flag, or a non-loopback bind without a token.
 */
export function gatewayPreflight(
  env: ClawEnv,
  rawOptions: Readonly<Record<string, string | boolean | undefined>>,
  processEnv: EnvRecord,
): void {
  const options = readGatewayOptions(rawOptions);
  const file = resolveConfigPath(processEnv);
  const loaded = loadConfigFile(file, processEnv);
  if (!options.allowUnconfigured) {
    if (!loaded.ok && loaded.missing) {
      throw new StartupError(
        `no config at ${file}: write one (see \`clawfleet config schema\`), or start with --allow-unconfigured to create a minimal one`,
      );
    }
    if (!loaded.ok) {
      throw new StartupError(
        `${formatConfigReport(loaded)}\nfix the file, or start with --allow-unconfigured to keep running on the last valid config while you fix it`,
      );
    }
    if (loaded.config.gateway.mode !== "local") {
      throw new StartupError(
        `gateway.mode is ${loaded.config.gateway.mode ?? "unset"} in ${file}: set gateway.mode to "local" to run the gateway on this machine, or pass --allow-unconfigured`,
      );
    }
  }
  const gateway = loaded.ok ? loaded.config.gateway : defaultConfig().gateway;
  resolveListenPlan({
    options,
    envPort: env.OPENCLAW_GATEWAY_PORT,
    gateway,
    credentials: resolveCredentials(options, gateway, env),
    inContainer: runsInContainer(processEnv),
  });
}
