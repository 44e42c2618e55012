import { isRevisionConflict, type Revisioned } from "@clawfleet/bus";
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
  CONFIG_STALE,
  editedConfigText,
  invalidConfigError,
  keepStoredSecrets,
  patchedConfigText,
} from "./config-edit.js";
import { modifiedAt, writeMirror } from "./config-file-mirror.js";
import { parseConfigState, readConfigState, type ConfigFileState } from "./config-file-state.js";
import { snapshotState } from "./config-snapshot-state.js";
import {
  DefaultConfigWatchOptions,
  watchConfigFiles,
  type ConfigWatchOptions,
  type ConfigWatcher,
} from "./config-watcher.js";

/** What the config owner needs. */
export interface ConfigOwnerDeps {
  /** This gateway's `openclaw.json`: the import/export mirror of the config in KV. */
  file: string;
  /** Environment for `${VAR}` substitution. */
  env: EnvRecord;
  store: Pick<ConfigStore, "current" | "publish" | "checkSize" | "watch">;
  logger: Logger;
  allowUnconfigured: boolean;
  /** The running config, for `gateway.reload.mode`. */
  running: () => OpenClawConfig;
  watch?: ConfigWatchOptions;
}

/** Result of an accepted edit. */
export interface ConfigWriteResult {
  state: ConfigFileState;
  /** True once the edit is in KV, from where every service applies it. */
  applied: boolean;
}

const REPUBLISH_MS = 5000;

/**
 * One gateway's side of the config, whose source of truth is KV `config/current` (replicated with
 * the bus, shared by every gateway). The local `openclaw.json` is an import/export mirror: a valid
 * edit of the file is imported into KV (compare-and-set on the revision it was mirrored from), an
 * invalid one is logged with `path: message` lines and KV keeps the last good config; edits made
 * through the API are written to KV with compare-and-set and mirrored back to the file of every
 * gateway. A gateway without a writable file serves from KV. At start, an empty KV imports the
 * file (or a minimal one with `--allow-unconfigured`); when file and KV differ, the newer wins
 * (file mtime against the snapshot's `updatedAt`).
 */
export class ConfigOwner {
  #state: ConfigFileState;
  #kv: Revisioned<ConfigSnapshot> | undefined;
  // Hash of the file as last written by the mirror or imported: anything else on disk is an edit.
  #syncedHash = "";
  // The highest KV revision the file has been reconciled with (mirrored, imported or kept).
  #handled = 0;
  #lastReported = "";
  #mirrorFailed = false;
  #watcher: ConfigWatcher | undefined;
  #stopFollowing: (() => void) | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #retry: NodeJS.Timeout | undefined;
  readonly #log: Logger;

  constructor(private readonly deps: ConfigOwnerDeps) {
    this.#log = deps.logger.child({ subsystem: "config" });
    this.#state = readConfigState(deps.file, deps.env);
  }

  /** The local file as last read. */
  get state(): ConfigFileState {
    return this.#state;
  }

  /** The config in KV as last seen (the local file when KV holds none yet). */
  get view(): ConfigFileState {
    return this.#kv ? snapshotState(this.deps.file, this.#kv.value, this.deps.env) : this.#state;
  }

  /** Reconciles file and KV, then follows both. */
  async start(): Promise<void> {
    await this.#serialize(() => this.#reconcile());
    this.#stopFollowing = await this.deps.store.watch(
      (snapshot, revision) => void this.#serialize(() => this.#onSnapshot(snapshot, revision)),
      (error) =>
        this.#log.error("unreadable config snapshot in KV; keeping the mirror as it is", {
          error,
        }),
    );
    this.#watcher = watchConfigFiles(
      [this.deps.file, ...this.#state.includes],
      () => void this.#serialize(() => this.#reloadFromDisk()),
      this.deps.watch ?? DefaultConfigWatchOptions,
    );
  }

  /** Stops following the file and KV. */
  stop(): void {
    this.#watcher?.stop();
    this.#stopFollowing?.();
    clearTimeout(this.#retry);
  }

  /**
   * The config in KV now (the local file when KV holds none, the last seen one when the bus is
   * away); {@link state} is then the file as it is now.
   */
  read(): Promise<ConfigFileState> {
    return this.#serialize(async () => {
      await this.#refresh().catch(() => undefined);
      await this.#reloadFromDisk();
      return this.view;
    });
  }

  /** Replaces the config with `raw` after validating it; `baseHash`, when given, must match KV. */
  set(raw: string, baseHash: string | undefined, by: string): Promise<ConfigWriteResult> {
    return this.#serialize(async () => {
      const current = await this.#base();
      const stale = checkBaseHash(current, baseHash, false);
      if (stale) throw stale;
      return this.#write(keepStoredSecrets(raw, current), by);
    });
  }

  /** Applies a JSON5 merge patch to the config's own JSON; `baseHash` is required once one exists. */
  patch(patchRaw: string, baseHash: string | undefined, by: string): Promise<ConfigWriteResult> {
    return this.#serialize(async () => {
      const current = await this.#base();
      const stale = checkBaseHash(current, baseHash, true);
      if (stale) throw stale;
      const text = patchedConfigText(current, patchRaw);
      if (text instanceof GatewayError) throw text;
      return this.#write(keepStoredSecrets(text, current), by);
    });
  }

  /**
   * Rewrites the config's own JSON (as written, before defaults) with `change`, under the same
   * revision guard as every edit: a change made meanwhile elsewhere fails with CONFIG_STALE.
   */
  edit(change: (source: unknown) => unknown, by: string): Promise<ConfigWriteResult> {
    return this.#serialize(async () => {
      const current = await this.#base();
      return this.#write(keepStoredSecrets(editedConfigText(current, change), current), by);
    });
  }

  // What an API edit starts from: KV as it is now (with an edit of the local file the watcher has
  // not reported yet imported first, so an edit based on the older text is stale), else the file.
  async #base(): Promise<ConfigFileState> {
    try {
      await this.#refresh();
    } catch (error) {
      throw unavailable(`could not read the config from the bus: ${errorMessage(error)}`, error);
    }
    await this.#reloadFromDisk();
    return this.#kv ? this.view : readConfigState(this.deps.file, this.deps.env);
  }

  async #refresh(): Promise<void> {
    const current = await this.deps.store.current();
    if (current && current.revision > (this.#kv?.revision ?? 0)) this.#kv = current;
  }

  async #write(raw: string, by: string): Promise<ConfigWriteResult> {
    const candidate = parseConfigState(this.deps.file, raw, this.deps.env);
    if (!candidate.result.ok) throw invalidConfigError(this.deps.file, candidate.result.errors);
    const snapshot = snapshotOf(candidate, by);
    const tooLarge = this.deps.store.checkSize(snapshot);
    if (tooLarge)
      throw invalidRequest(tooLarge.message, {
        code: tooLarge.code,
        size: tooLarge.size,
        limit: tooLarge.limit,
      });
    try {
      const revision = await this.deps.store.publish(snapshot, this.#kv?.revision ?? 0);
      this.#kv = { value: snapshot, revision };
      this.#handled = revision;
    } catch (error) {
      if (isRevisionConflict(error))
        throw invalidRequest(
          "config changed elsewhere (another gateway or a file edit) while this edit was saved: reload it with config.get and apply your edit again",
          { code: CONFIG_STALE },
        );
      throw unavailable(`could not save the config to the bus: ${errorMessage(error)}`, error);
    }
    this.#log.info(`config ${candidate.hash.slice(0, 12)} saved by ${by}`);
    await this.#mirror(snapshot);
    return { state: candidate, applied: true };
  }

  async #reconcile(): Promise<void> {
    await this.#refresh();
    const file = this.deps.file;
    const kv = this.#kv;
    if (!kv) {
      const updatedBy = !this.#state.exists && this.deps.allowUnconfigured ? "bootstrap" : "file";
      this.#state =
        updatedBy === "bootstrap" ? await this.#bootstrap() : readConfigState(file, this.deps.env);
      // Another gateway may create it first: then the loser mirrors it below.
      if (await this.#import(this.#state, updatedBy)) return;
      if (!this.#kv) return;
    }
    const current = this.#kv!;
    this.#state = readConfigState(file, this.deps.env);
    if (this.#state.exists && this.#state.hash === current.value.hash) {
      this.#syncedHash = this.#state.hash;
      return;
    }
    const mtime = this.#state.exists ? await modifiedAt(file) : undefined;
    const newer = mtime !== undefined && mtime > current.value.updatedAt;
    if (newer) {
      this.#log.info(
        `${file} was edited after the config on the bus (${current.value.hash.slice(0, 12)}): importing it`,
      );
      if (await this.#import(this.#state, "file")) return;
    } else if (this.#state.exists) {
      // An older mirror, or an edit older than the bus's: the bus wins; .bak keeps the file as it was.
      this.#log.info(
        `${file} is older than the config on the bus (${current.value.hash.slice(0, 12)}): replacing it`,
      );
    }
    // A refused edit newer than the bus stays on disk for the operator to fix.
    if (!this.#state.exists || this.#state.result.ok || !newer) await this.#mirror(this.#kv!.value);
    this.#handled = Math.max(this.#handled, this.#kv!.revision);
  }

  // No config anywhere (--allow-unconfigured): a minimal one, on disk when the disk takes it.
  async #bootstrap(): Promise<ConfigFileState> {
    const file = this.deps.file;
    try {
      await writeConfigFileAtomic(file, minimalConfigText());
    } catch (error) {
      this.#log.warn(
        `no config on the bus and ${file} cannot be written (${errorMessage(error)}): publishing a minimal one to the bus only`,
      );
      return parseConfigState(file, minimalConfigText(), this.deps.env);
    }
    this.#log.info(
      `no config at ${file} nor on the bus: wrote a minimal one (--allow-unconfigured); edit it or use the Control UI`,
    );
    return readConfigState(file, this.deps.env);
  }

  async #onSnapshot(snapshot: ConfigSnapshot, revision: number): Promise<void> {
    if (revision > (this.#kv?.revision ?? 0)) this.#kv = { value: snapshot, revision };
    if (revision <= this.#handled) return;
    this.#handled = revision;
    // A newer revision is already known (read meanwhile) and will be delivered next.
    if (revision < this.#kv!.revision) return;
    await this.#mirror(snapshot);
  }

  // Writes the KV config to the local file unless it already holds it; never throws.
  async #mirror(snapshot: ConfigSnapshot): Promise<void> {
    const onDisk = readConfigState(this.deps.file, this.deps.env);
    if (onDisk.exists && (onDisk.hash === snapshot.hash || onDisk.raw === snapshot.raw)) {
      this.#state = onDisk;
      this.#syncedHash = onDisk.hash;
      return;
    }
    const keepLocal = onDisk.exists && onDisk.hash !== this.#syncedHash;
    try {
      const backup = await writeMirror(this.deps.file, snapshot.raw, keepLocal);
      if (backup)
        this.#log.warn(
          `${this.deps.file} differed from the config on the bus; replaced by config ${snapshot.hash.slice(0, 12)} (${snapshot.updatedBy}), its previous content is kept in ${backup}`,
        );
      this.#mirrorFailed = false;
    } catch (error) {
      if (!this.#mirrorFailed)
        this.#log.warn(
          `cannot mirror the config to ${this.deps.file} (${errorMessage(error)}); serving it from the bus`,
        );
      this.#mirrorFailed = true;
      return;
    }
    this.#state = readConfigState(this.deps.file, this.deps.env);
    this.#syncedHash = this.#state.hash;
    this.#watcher?.setFiles([this.deps.file, ...this.#state.includes]);
  }

  // The file (or an include) may have changed: a revision that is neither the mirror nor the config
  // on the bus is an edit to import.
  async #reloadFromDisk(): Promise<void> {
    const next = readConfigState(this.deps.file, this.deps.env);
    const existed = this.#state.exists;
    this.#state = next;
    this.#watcher?.setFiles([this.deps.file, ...next.includes]);
    if (!next.exists) {
      if (existed)
        this.#log.warn(
          `${this.deps.file} was removed; the config on the bus stays until a new file is written`,
        );
      return;
    }
    if (next.hash === this.#syncedHash || next.hash === this.#kv?.value.hash) return;
    if (next.result.ok && this.deps.running().gateway.reload.mode === "off") {
      if (this.#lastReported !== next.hash)
        this.#log.warn(
          `${next.file} changed but gateway.reload.mode is off: restart the gateway to import it`,
        );
      this.#lastReported = next.hash;
      return;
    }
    if (!(await this.#import(next, "file")) && this.#kv && next.result.ok)
      await this.#mirror(this.#kv.value);
  }

  // Imports a valid file revision into KV (compare-and-set); reports an invalid one once.
  async #import(state: ConfigFileState, updatedBy: string): Promise<boolean> {
    if (!state.result.ok) {
      if (state.exists && this.#lastReported !== state.hash) {
        this.#lastReported = state.hash;
        this.#log.error(
          `rejected ${state.file}; the config on the bus stays:\n${formatIssueLines(state.result.errors).join("\n")}`,
        );
      }
      return false;
    }
    for (const line of formatIssueLines(state.result.warnings, formatWarningLine))
      this.#log.warn(line);
    // A newer revision supersedes any import still waiting to be retried.
    clearTimeout(this.#retry);
    if (state.hash === this.#kv?.value.hash) {
      this.#syncedHash = state.hash;
      return true;
    }
    const snapshot = snapshotOf(state, updatedBy);
    try {
      const revision = await this.deps.store.publish(snapshot, this.#kv?.revision ?? 0);
      this.#kv = { value: snapshot, revision };
      this.#handled = revision;
      this.#syncedHash = state.hash;
      this.#log.info(
        `published config ${snapshot.hash.slice(0, 12)} (${updatedBy}) to every service`,
      );
      return true;
    } catch (error) {
      if (error instanceof ConfigTooLargeError) {
        // Retrying cannot help: report once per revision and keep the config on the bus.
        if (this.#lastReported !== snapshot.hash)
          this.#log.error(
            `rejected ${snapshot.file} (${error.code}); the config on the bus stays: ${error.message}`,
          );
        this.#lastReported = snapshot.hash;
        return true;
      }
      if (isRevisionConflict(error)) {
        this.#log.error(
          `${state.file} was edited while the config on the bus changed elsewhere; the bus wins`,
        );
        await this.#refresh().catch(() => undefined);
        return false;
      }
      this.#log.error(
        `could not publish config ${snapshot.hash.slice(0, 12)} to the bus; retrying in ${REPUBLISH_MS / 1000} s`,
        { error },
      );
      this.#retry = setTimeout(() => void this.#serialize(() => this.#retryImport()), REPUBLISH_MS);
      this.#retry.unref();
      return true;
    }
  }

  async #retryImport(): Promise<void> {
    await this.#refresh().catch(() => undefined);
    const state = readConfigState(this.deps.file, this.deps.env);
    if (state.hash !== this.#kv?.value.hash) await this.#import(state, "file");
  }

  #serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

function unavailable(message: string, cause: unknown): GatewayError {
  return new GatewayError(ErrorCode.Unavailable, message, { cause });
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
