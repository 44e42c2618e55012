/** The agent id used when the config lists none, as in OpenClaw. */
export const DEFAULT_AGENT_ID = "main";

/** The main-session key used when `session.mainKey` is unset. */
export const DEFAULT_MAIN_KEY = "main";

const VALID_AGENT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Whether a value is already a canonical agent id (`[a-z0-9][a-z0-9_-]{0,63}`). */
export function isValidAgentId(value: string): boolean {
  return VALID_AGENT_ID.test(value);
}

/**
 * Canonical agent id, as OpenClaw normalizes it: trimmed, lower-case, other characters
 * collapsed to `-`, at most 64 characters; empty or unusable input becomes `main`.
 */
export function normalizeAgentId(value: string | undefined | null): string {
  const lowered = (value ?? "").trim().toLowerCase();
  if (VALID_AGENT_ID.test(lowered)) return lowered;
  const collapsed = lowered
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+/, "")
    .slice(0, 64)
    .replace(/-+$/, "");
  return collapsed || DEFAULT_AGENT_ID;
}

/** Canonical main key: trimmed, lower-case, `:` and whitespace replaced by `-`; empty becomes `main`. */
export function normalizeMainKey(value: string | undefined | null): string {
  const cleaned = (value ?? "")
    .trim()
    .toLowerCase()
    .replace(/[\s:]+/g, "-");
  return cleaned || DEFAULT_MAIN_KEY;
}
