import {
  parseJson5,
  resolveDistributedConfig,
  type ConfigSnapshot,
  type EnvRecord,
} from "@clawfleet/config";
import type { ConfigFileState } from "./config-file-state.js";

/**
 * The config in KV seen as a file state (what `config.get` shows and edits start from), without
 * reading any local file: `$include`s are already resolved in the snapshot's `document`, and
 * `${VAR}`s are resolved from this gateway's environment. `file` is this gateway's mirror path.
 */
export function snapshotState(
  file: string,
  snapshot: ConfigSnapshot,
  env: EnvRecord,
): ConfigFileState {
  const source = parseJson5(snapshot.raw, file);
  const resolved = resolveDistributedConfig(snapshot.document, env);
  const base = { file, exists: true, raw: snapshot.raw, hash: snapshot.hash, includes: [] };
  if (source.ok && resolved.ok)
    return {
      ...base,
      result: {
        ok: true,
        file,
        config: resolved.config,
        parsed: snapshot.document,
        document: snapshot.document,
        source: source.value,
        raw: snapshot.raw,
        hash: snapshot.hash,
        warnings: [],
      },
    };
  return {
    ...base,
    result: {
      ok: false,
      file,
      missing: false,
      errors: resolved.ok
        ? [{ path: "", message: source.ok ? "" : source.message }]
        : resolved.errors,
      warnings: [],
    },
  };
}
