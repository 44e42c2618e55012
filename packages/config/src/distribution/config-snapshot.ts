import * as z from "zod";

/**
 * What the `config` KV bucket holds under {@link CONFIG_KEY}: the source of truth for the config.
 * Gateways write it (compare-and-set on the KV revision) and mirror it to their `openclaw.json`.
 */
export const configSnapshotSchema = z.object({
  /** The root file's text, as written (for `config.get` and the Control UI editor). */
  raw: z.string(),
  /** SHA-256 hex of `raw`: the `baseHash` that `config.patch` checks. */
  hash: z.string(),
  /**
   * The JSON after `$include`, with `${VAR}` left as written: each service resolves the variables
   * from its own environment, so a secret referenced that way never crosses the bus.
   */
  document: z.unknown(),
  /** Path of the file on the volume of the gateway that wrote it. */
  file: z.string(),
  updatedAt: z.number(),
  /** Who wrote it: `file` (edited on disk), `ui` (Control UI / RPC), `cli`, `bootstrap`. */
  updatedBy: z.string(),
});

/** A config snapshot as stored in KV. */
export type ConfigSnapshot = z.infer<typeof configSnapshotSchema>;

/** The key of the current config in the `config` bucket. */
export const CONFIG_KEY = "current";
