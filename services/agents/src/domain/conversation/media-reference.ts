import type { OpenClawConfig } from "@clawfleet/config";

/** What a `MEDIA:` reference points at: a public https URL, a workspace file, or nothing attachable (with why). */
export type MediaTarget =
  | { kind: "url"; url: string; label: string }
  | { kind: "workspace"; path: string; label: string }
  | { kind: "invalid"; reason: string; label: string };

const MiB = 1024 * 1024;
/** OpenClaw's default of `agents.defaults.mediaMaxMb`. */
const DEFAULT_MEDIA_MAX_MB = 20;
/** Largest image an agent reply may carry (OpenClaw's 6 MB). */
const MAX_IMAGE_BYTES = 6 * MiB;

/** Largest image a reply may attach: the smaller of `agents.defaults.mediaMaxMb` (default 20) and 6 MB. */
export function replyImageMaxBytes(config: OpenClawConfig): number {
  const configured = config.agents.defaults.mediaMaxMb;
  const mb = configured !== undefined && configured > 0 ? configured : DEFAULT_MEDIA_MAX_MB;
  return Math.min(Math.max(1, Math.floor(mb * MiB)), MAX_IMAGE_BYTES);
}

/** The last path segment of a reference, how a note names it (`chart.png`). */
function labelOf(path: string, fallback: string): string {
  const last = path.split(/[/\\]/).filter(Boolean).at(-1);
  return (last ?? fallback).slice(0, 120);
}

/**
 * Classifies a `MEDIA:` reference: `https:` URLs are fetched (their host is vetted when fetched);
 * `http:` and other schemes are refused; anything else is a path in the agent's workspace
 * (`/workspace/…`, `~/…`, `./…`, the workspace's own `nats-kv://workspace/<agent>/…` or relative),
 * where `..` may not climb out.
 */
export function classifyMediaReference(reference: string, agentId: string): MediaTarget {
  const own = `nats-kv://workspace/${agentId}/`;
  if (/^https:/i.test(reference)) {
    try {
      const url = new URL(reference);
      return { kind: "url", url: url.toString(), label: labelOf(url.pathname, url.host) };
    } catch {
      return { kind: "invalid", reason: "not a valid URL", label: labelOf(reference, "link") };
    }
  }
  if (/^http:/i.test(reference))
    return {
      kind: "invalid",
      reason: "only https: links can be attached",
      label: labelOf(reference, "link"),
    };
  let path = reference.startsWith(own) ? reference.slice(own.length) : reference;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path))
    return {
      kind: "invalid",
      reason: "only https: links and workspace files can be attached",
      label: labelOf(reference, "reference"),
    };
  path = path.replace(/^(?:~\/|\/workspace\/|\/)/, "").replace(/^(?:\.\/)+/, "");
  const label = labelOf(path, "file");
  if (path.split(/[/\\]/).includes(".."))
    return { kind: "invalid", reason: "the path leaves the agent's workspace", label };
  if (path === "") return { kind: "invalid", reason: "no file named", label };
  return { kind: "workspace", path, label };
}
