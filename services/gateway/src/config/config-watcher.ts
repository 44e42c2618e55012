import { watch, statSync, type FSWatcher } from "node:fs";
import * as path from "node:path";

/** How a {@link watchConfigFiles} watcher behaves. */
export interface ConfigWatchOptions {
  /** Quiet time after the last event before `onChange` runs (editors and `tee` write in bursts). */
  debounceMs: number;
  /** Safety-net poll of the files' stat, for filesystems where fs.watch misses events. */
  pollMs: number;
}

/** Default watcher timing: well under a second from write to `onChange`. */
export const DefaultConfigWatchOptions: ConfigWatchOptions = { debounceMs: 120, pollMs: 2000 };

/** A running watcher; `setFiles` re-targets it when `$include`s change. */
export interface ConfigWatcher {
  setFiles(files: readonly string[]): void;
  stop(): void;
}

/**
 * Watches config files by watching their directories (files replaced over SSH with `tee`, sftp or
 * an editor's rename keep being seen), debounced, plus a slow stat poll as a safety net.
 */
export function watchConfigFiles(
  files: readonly string[],
  onChange: () => void,
  options: ConfigWatchOptions = DefaultConfigWatchOptions,
): ConfigWatcher {
  let watched = new Set<string>();
  const watchers = new Map<string, FSWatcher>();
  const fingerprints = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, options.debounceMs);
  };
  const arm = (dir: string) => {
    if (watchers.has(dir)) return;
    try {
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (
          name === null ||
          [...watched].some(
            (file) => path.dirname(file) === dir && path.basename(file) === String(name),
          )
        )
          schedule();
      });
      watcher.on("error", () => {
        watcher.close();
        watchers.delete(dir);
      });
      watchers.set(dir, watcher);
    } catch {
      // directory missing: the poll re-arms once it exists
    }
  };
  const setFiles = (next: readonly string[]) => {
    watched = new Set(next.map((file) => path.resolve(file)));
    const dirs = new Set([...watched].map((file) => path.dirname(file)));
    for (const [dir, watcher] of watchers) {
      if (dirs.has(dir)) continue;
      watcher.close();
      watchers.delete(dir);
    }
    for (const dir of dirs) arm(dir);
    for (const file of watched) fingerprints.set(file, fingerprint(file));
  };
  const poll = setInterval(() => {
    let changed = false;
    for (const file of watched) {
      arm(path.dirname(file));
      const now = fingerprint(file);
      if (fingerprints.get(file) === now) continue;
      fingerprints.set(file, now);
      changed = true;
    }
    if (changed) schedule();
  }, options.pollMs);
  poll.unref();
  setFiles(files);
  return {
    setFiles,
    stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(poll);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function fingerprint(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return "missing";
  }
}
