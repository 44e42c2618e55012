import { errorMessage } from "@clawfleet/core";
import {
  formatIssueLines,
  formatWarningLine,
  minimalConfigText,
  writeConfigFileAtomic,
  ConfigTooLargeError,
  type ConfigSnapshot,
  type ConfigStore,
  type EnvRecord,
  type OpenClawConfig,
} from "@clawfleet/config";
import type { Logger } from "@clawfleet/log";
import { ErrorCode, GatewayError, invalidRequest } from "../errors.js";
import {
  checkBaseHash,
  CONFIG_INVALID,
  invalidConfigError,
  patchedConfigText,
} from "./config-edit.js";
import { restoreRedactedSecrets } from "./redact-config-text.js";
import { parseConfigState, readConfigState, type ConfigFileState } from "./config-file-state.js";
import {
  DefaultConfigWatchOptions,
  watchConfigFiles,
  type ConfigWatchOptions,
  type ConfigWatcher,
} from "./config-watcher.js";

/** What the config owner needs. */
export interface ConfigOwnerDeps {
  file: string;
  /** Environment for `${VAR}` substitution. */
  env: EnvRecord;
  store: Pick<ConfigStore, "current" | "publish" | "checkSize">;
  logger: Logger;
  allowUnconfigured: boolean;
  /** The running config, for `gateway.reload.mode`. */
  running: () => OpenClawConfig;
  watch?: ConfigWatchOptions;
}

/** Result of an accepted edit. */
export interface ConfigWriteResult {
  state: ConfigFileState;
  /** False when `gateway.reload.mode` is off: written to the file, applied on the next restart. */
  applied: boolean;
}

const REPUBLISH_MS = 5000;

/**
 * Owns `openclaw.json`: loads it at start (restoring it from the bus or writing a minimal one when
 * missing), publishes every valid revision to KV so all services apply it without restart, watches
 * the file for edits made over SSH, and writes Control UI edits back to it. Invalid revisions are
 * logged with `path: message` lines and never published: the running config stays.
 */
export class ConfigOwner {
  #state: ConfigFileState;
  #publishedHash = "";
  #lastReported = "";
  #watcher: ConfigWatcher | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #retry: NodeJS.Timeout | undefined;
  readonly #log: Logger;

  constructor(private readonly deps: ConfigOwnerDeps) {
    this.#log = deps.logger.child({ subsystem: "config" });
    this.#state = readConfigState(deps.file, deps.env);
  }

  /** The file as last read. */
  get state(): ConfigFileState {
    return this.#state;
  }

  /** Loads, bootstraps and publishes the file, then watches it. */
  async start(): Promise<void> {
    const current = await this.deps.store.current();
    this.#publishedHash = current?.value.hash ?? "";
    let updatedBy = "file";
    if (!this.#state.exists && current && current.value.file === this.deps.file) {
      await writeConfigFileAtomic(this.deps.file, current.value.raw);
      this.#log.warn(
        `${this.deps.file} was missing: restored the last published config from the bus`,
      );
      updatedBy = "bootstrap";
    } else if (!this.#state.exists && this.deps.allowUnconfigured) {
      await writeConfigFileAtomic(this.deps.file, minimalConfigText());
      this.#log.info(
        `no config at ${this.deps.file}: wrote a minimal one (--allow-unconfigured); edit it or use the Control UI`,
      );
      updatedBy = "bootstrap";
    }
    this.#state = readConfigState(this.deps.file, this.deps.env);
    await this.#consider(this.#state, updatedBy);
    this.#watcher = watchConfigFiles(
      [this.deps.file, ...this.#state.includes],
      () => void this.#serialize(() => this.#reloadFromDisk()),
      this.deps.watch ?? DefaultConfigWatchOptions,
    );
  }

  /** Stops watching. */
  stop(): void {
    this.#watcher?.stop();
    clearTimeout(this.#retry);
  }

  /** Re-reads the file (so an edit not yet seen by the watcher is reported) and returns it. */
  read(): Promise<ConfigFileState> {
    return this.#serialize(async () => {
      this.#state = readConfigState(this.deps.file, this.deps.env);
      return this.#state;
    });
  }

  /** Replaces the file with `raw` after validating it; `baseHash`, when given, must match the file. */
  set(raw: string, baseHash: string | undefined, by: string): Promise<ConfigWriteResult> {
    return this.#serialize(async () => {
      const current = readConfigState(this.deps.file, this.deps.env);
      const stale = checkBaseHash(current, baseHash, false);
      if (stale) throw stale;
      return this.#write(keepStoredSecrets(raw, current), by);
    });
  }

  /** Applies a JSON5 merge patch to the file's own JSON; `baseHash` is required once the file exists. */
  patch(patchRaw: string, baseHash: string | undefined, by: string): Promise<ConfigWriteResult> {
    return this.#serialize(async () => {
      const current = readConfigState(this.deps.file, this.deps.env);
      const stale = checkBaseHash(current, baseHash, true);
      if (stale) throw stale;
      const text = patchedConfigText(current, patchRaw);
      if (text instanceof GatewayError) throw text;
      return this.#write(keepStoredSecrets(text, current), by);
    });
  }

  async #write(raw: string, by: string): Promise<ConfigWriteResult> {
    const candidate = parseConfigState(this.deps.file, raw, this.deps.env);
    if (!candidate.result.ok) throw invalidConfigError(this.deps.file, candidate.result.errors);
    const tooLarge = candidate.result.ok && this.deps.store.checkSize(snapshotOf(candidate, by));
    if (tooLarge)
      throw invalidRequest(tooLarge.message, {
        code: tooLarge.code,
        size: tooLarge.size,
        limit: tooLarge.limit,
      });
    try {
      await writeConfigFileAtomic(this.deps.file, raw);
    } catch (error) {
      throw new GatewayError(
        ErrorCode.Unavailable,
        `could not write ${this.deps.file}: ${errorMessage(error)}`,
        { cause: error },
      );
    }
    this.#state = candidate;
    this.#watcher?.setFiles([this.deps.file, ...candidate.includes]);
    this.#log.info(`${this.deps.file} edited by ${by} (${candidate.hash.slice(0, 12)})`);
    const applied = await this.#consider(candidate, by);
    return { state: candidate, applied };
  }

  async #reloadFromDisk(): Promise<void> {
    const next = readConfigState(this.deps.file, this.deps.env);
    const changed = next.hash !== this.#state.hash || next.exists !== this.#state.exists;
    this.#state = next;
    this.#watcher?.setFiles([this.deps.file, ...next.includes]);
    if (!changed) return;
    if (!next.exists) {
      this.#log.warn(
        `${this.deps.file} was removed; the running config stays until a new file is written`,
      );
      return;
    }
    await this.#consider(next, "file", true);
  }

  // Publishes a valid revision (unless reload is off or it is already published); reports an invalid one once.
  async #consider(
    state: ConfigFileState,
    updatedBy: string,
    fromWatcher = false,
  ): Promise<boolean> {
    if (!state.result.ok) {
      if (state.exists && this.#lastReported !== state.hash) {
        this.#lastReported = state.hash;
        this.#log.error(
          `rejected ${state.file}; keeping the running config:\n${formatIssueLines(state.result.errors).join("\n")}`,
        );
      }
      return false;
    }
    for (const line of formatIssueLines(state.result.warnings, formatWarningLine))
      this.#log.warn(line);
    // A newer valid revision supersedes any publish still waiting to be retried.
    clearTimeout(this.#retry);
    if (state.hash === this.#publishedHash) return true;
    if (fromWatcher && this.deps.running().gateway.reload.mode === "off") {
      this.#log.warn(
        `${state.file} changed but gateway.reload.mode is off: restart the gateway to apply it`,
      );
      return false;
    }
    return this.#publish(snapshotOf(state, updatedBy));
  }

  async #publish(snapshot: ConfigSnapshot): Promise<boolean> {
    clearTimeout(this.#retry);
    try {
      await this.deps.store.publish(snapshot);
      this.#publishedHash = snapshot.hash;
      this.#log.info(
        `published config ${snapshot.hash.slice(0, 12)} (${snapshot.updatedBy}) to every service`,
      );
      return true;
    } catch (error) {
      if (error instanceof ConfigTooLargeError) {
        // Retrying cannot help: report once per revision and keep the running config.
        if (this.#lastReported !== snapshot.hash)
          this.#log.error(
            `rejected ${snapshot.file} (${error.code}); keeping the running config: ${error.message}`,
          );
        this.#lastReported = snapshot.hash;
        return false;
      }
      this.#log.error(
        `could not publish config ${snapshot.hash.slice(0, 12)} to the bus; retrying in ${REPUBLISH_MS / 1000} s`,
        { error },
      );
      this.#retry = setTimeout(
        () => void this.#serialize(() => this.#publish({ ...snapshot, updatedAt: Date.now() })),
        REPUBLISH_MS,
      );
      this.#retry.unref();
      return false;
    }
  }

  #serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

// An edit made on the redacted text sends the placeholder back where it left a secret unchanged.
function keepStoredSecrets(text: string, current: ConfigFileState): string {
  const restored = restoreRedactedSecrets(text, current.exists ? current.raw : "");
  if (!restored.ok) throw invalidRequest(restored.message, { code: CONFIG_INVALID });
  return restored.text;
}

function snapshotOf(state: ConfigFileState, updatedBy: string): ConfigSnapshot {
  return {
    raw: state.raw,
    hash: state.hash,
    document: state.result.ok ? state.result.document : null,
    file: state.file,
    updatedAt: Date.now(),
    updatedBy,
  };
}
