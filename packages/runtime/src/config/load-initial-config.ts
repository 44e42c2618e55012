import { existsSync } from "node:fs";
import {
  ConfigStore,
  defaultConfig,
  formatIssueLines,
  LiveConfig,
  loadConfigFile,
  reportUnresolved,
  resolveConfigPath,
  resolveDistributedConfig,
  type EnvRecord,
} from "@clawfleet/config";
import type { Bus } from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";

/**
 * The config a service starts with: the snapshot in KV (the config's source of truth, written by
 * the gateways), else the local file when this machine has one, else defaults. Then it follows KV.
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
    const result = resolveDistributedConfig(snapshot.value.document, env);
    if (result.ok) {
      live = new LiveConfig(result.config, snapshot.value.hash, logger, env);
      log.info(
        `using config ${snapshot.value.hash.slice(0, 12)} from the bus (${snapshot.value.file})`,
      );
      reportUnresolved(log, result.unresolved);
    } else {
      log.error(
        `the config on the bus is invalid; ignoring it:\n${formatIssueLines(result.errors).join("\n")}`,
      );
    }
  }
  if (!live) {
    const file = resolveConfigPath(env);
    const loaded = existsSync(file) ? loadConfigFile(file, env) : undefined;
    if (loaded?.ok) {
      live = new LiveConfig(loaded.config, loaded.hash, logger, env);
      log.info(`using config file ${file} until the bus has one`);
    } else {
      if (loaded && !loaded.ok)
        log.error(
          `config file ${file} is invalid; running on defaults:\n${formatIssueLines(loaded.errors).join("\n")}`,
        );
      live = new LiveConfig(defaultConfig(), "", logger, env);
      log.info("no config yet: running on defaults until one is published");
    }
  }
  const stopFollowing = await live.follow(store);
  return { live, store, stopFollowing };
}
