import type { Logger } from "@clawfleet/log";
import type { OpenClawConfig } from "../schema/openclaw-config.js";
import { formatIssueLines } from "../report/format-config-report.js";
import type { ConfigStore } from "./config-store.js";
import type { ConfigSnapshot } from "./config-snapshot.js";
import type { ConfigIssue } from "../issues/config-issue.js";
import type { EnvRecord } from "../load/substitute-env.js";
import { resolveDistributedConfig } from "./resolve-distributed-config.js";

/** A typed config change: the new config, the previous one, and the hash of the new file. */
export interface ConfigChange {
  config: OpenClawConfig;
  previous: OpenClawConfig;
  hash: string;
  updatedBy: string;
}

/** Logs the values a service left out because it lacks the variables they name. */
export function reportUnresolved(log: Logger, unresolved: readonly ConfigIssue[]): void {
  if (unresolved.length === 0) return;
  log.warn(
    `config values left unset here (this service's environment lacks them): ${unresolved
      .map((issue) => issue.path)
      .join(", ")}`,
  );
}

/** The config a service runs with now, replaced without restart when a valid new snapshot arrives. */
export class LiveConfig {
  #config: OpenClawConfig;
  #hash: string;
  readonly #listeners = new Set<(change: ConfigChange) => void>();

  constructor(
    initial: OpenClawConfig,
    hash: string,
    private readonly logger: Logger,
    private readonly env: EnvRecord = {},
  ) {
    this.#config = initial;
    this.#hash = hash;
  }

  /** The current config. */
  get current(): OpenClawConfig {
    return this.#config;
  }

  /** Hash of the file the current config came from (empty when running on defaults). */
  get hash(): string {
    return this.#hash;
  }

  /** Registers a listener for changes; returns a function that removes it. */
  onChange(listener: (change: ConfigChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Applies a snapshot: an invalid one is logged with its issues and the running config stays. */
  apply(snapshot: ConfigSnapshot): boolean {
    if (snapshot.hash === this.#hash) return false;
    const result = resolveDistributedConfig(snapshot.document, this.env);
    const log = this.logger.child({ subsystem: "config" });
    if (!result.ok) {
      log.error(
        `rejected config ${snapshot.hash.slice(0, 12)} from ${snapshot.updatedBy}; keeping the running one:\n${formatIssueLines(result.errors).join("\n")}`,
      );
      return false;
    }
    const previous = this.#config;
    this.#config = result.config;
    this.#hash = snapshot.hash;
    log.info(`applied config ${snapshot.hash.slice(0, 12)} from ${snapshot.updatedBy}`);
    reportUnresolved(log, result.unresolved);
    for (const listener of this.#listeners) {
      try {
        listener({
          config: result.config,
          previous,
          hash: snapshot.hash,
          updatedBy: snapshot.updatedBy,
        });
      } catch (error) {
        log.error("a config listener failed", { error });
      }
    }
    return true;
  }

  /** Follows the store: every valid snapshot published later is applied. Returns a stop function. */
  follow(store: ConfigStore): Promise<() => void> {
    return store.watch(
      (snapshot) => void this.apply(snapshot),
      (error) =>
        this.logger
          .child({ subsystem: "config" })
          .error("unreadable config snapshot in KV; keeping the running config", { error }),
    );
  }
}
