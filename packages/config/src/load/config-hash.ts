import { createHash } from "node:crypto";

/** SHA-256 (hex) of a config file's text, used as `baseHash` for optimistic concurrency on edits. */
export function configHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
