import { existsSync } from "node:fs";
import {
  ConfigStore,
  defaultConfig,
  formatIssueLine,
  LiveConfig,
  loadConfigFile,
  resolveConfigPath,
  validateParsedConfig,
  type EnvRecord,
} from "@clawfleet/config";
import type { Bus } from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";

/**
 * The config a service starts with: the snapshot in KV (published by the gateway, the config
 * owner), else the local file when this machine has one, else defaults. Then it follows KV.
 */
export async function loadInitialConfig(
  bus: Bus,
  env: EnvRecord,
  logger: Logger,
): Promise<{ live: LiveConfig; store: ConfigStore; stopFollowing: () => void }> {
  const log = logger.child({ subsystem: "config" });
  const store = await ConfigStore.open(bus);
  let live: LiveConfig | undefined;
  const snapshot = await store.current();
  if (snapshot) {
    const result = validateParsedConfig(snapshot.value.parsed);
    if (result.ok) {
      live = new LiveConfig(result.config, snapshot.value.hash, logger);
      log.info(
        `using config ${snapshot.value.hash.slice(0, 12)} from the bus (${snapshot.value.file})`,
      );
    } else {
      log.error(
        `the config on the bus is invalid; ignoring it:\n${result.errors.map(formatIssueLine).join("\n")}`,
      );
    }
  }
  if (!live) {
    const file = resolveConfigPath(env);
    const loaded = existsSync(file) ? loadConfigFile(file, env) : undefined;
    if (loaded?.ok) {
      live = new LiveConfig(loaded.config, loaded.hash, logger);
      log.info(`using config file ${file} until the bus has one`);
    } else {
      if (loaded && !loaded.ok)
        log.error(
          `config file ${file} is invalid; running on defaults:\n${loaded.errors.map(formatIssueLine).join("\n")}`,
        );
      live = new LiveConfig(defaultConfig(), "", logger);
      log.info("no config yet: running on defaults until one is published");
    }
  }
  const stopFollowing = await live.follow(store);
  return { live, store, stopFollowing };
}
