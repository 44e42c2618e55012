import {
  applyMergePatch,
  formatIssueLines,
  MAX_LISTED_ISSUES,
  parseJson5,
  type ConfigIssue,
} from "@clawfleet/config";
import { invalidRequest, type GatewayError } from "../errors.js";
import type { ConfigFileState } from "./config-file-state.js";
import { restoreRedactedSecrets } from "./redact-config-text.js";

/** Detail code of a refused edit whose `baseHash` no longer matches the file. */
export const CONFIG_STALE = "CONFIG_STALE";
/** Detail code of a refused edit that does not validate. */
export const CONFIG_INVALID = "CONFIG_INVALID";

/** Refuses an edit made against an older revision of the file; `required` when the file exists. */
export function checkBaseHash(
  current: ConfigFileState,
  baseHash: string | undefined,
  required: boolean,
): GatewayError | undefined {
  if (baseHash === undefined || baseHash === "") {
    return required && current.exists
      ? invalidRequest("baseHash is required: read it with config.get and send it with your edit", {
          code: "CONFIG_BASE_HASH_REQUIRED",
          hash: current.hash,
        })
      : undefined;
  }
  if (baseHash === current.hash) return undefined;
  return invalidRequest(
    current.exists
      ? "config changed since it was loaded (stale baseHash): reload it with config.get and apply your edit again"
      : "config file no longer exists (stale baseHash): reload it with config.get",
    { code: CONFIG_STALE, hash: current.hash },
  );
}

/**
 * The new file text for a JSON5 merge patch (RFC 7386) applied to the file's own JSON, so
 * `$include`, `${VAR}` and unknown keys survive; comments of the original text are not kept.
 */
export function patchedConfigText(
  current: ConfigFileState,
  patchRaw: string,
): string | GatewayError {
  const patch = parseJson5(patchRaw, "config.patch raw");
  if (!patch.ok) return invalidRequest(patch.message, { code: CONFIG_INVALID });
  if (typeof patch.value !== "object" || patch.value === null || Array.isArray(patch.value)) {
    return invalidRequest("config.patch raw must be a JSON5 object (a merge patch)", {
      code: CONFIG_INVALID,
    });
  }
  let source: unknown = {};
  if (current.exists) {
    const parsed = current.result.ok
      ? { ok: true as const, value: current.result.source }
      : parseJson5(current.raw, current.file);
    if (!parsed.ok)
      return invalidRequest(
        `the file on disk is not valid JSON5, so it cannot be patched; replace it with config.set (${parsed.message})`,
        { code: CONFIG_INVALID },
      );
    source = parsed.value;
  }
  return `${JSON.stringify(applyMergePatch(source, patch.value), null, 2)}\n`;
}

/** The error for an edit that does not validate: one `path: message` line per issue, plus the issues as data. */
export function invalidConfigError(file: string, issues: readonly ConfigIssue[]): GatewayError {
  return invalidRequest(
    `config invalid (${file} unchanged):\n${formatIssueLines(issues).join("\n")}`,
    {
      code: CONFIG_INVALID,
      issues: issues.slice(0, MAX_LISTED_ISSUES),
      issueCount: issues.length,
    },
  );
}

/**
 * The config's own JSON (as written, before defaults) rewritten by `change`; refused while the
 * config does not validate (fix it with config.set first).
 */
export function editedConfigText(
  current: ConfigFileState,
  change: (source: unknown) => unknown,
): string {
  if (current.exists && !current.result.ok)
    throw invalidRequest(
      "the config is not valid now, so it cannot be edited; fix it with config.set first",
      { code: CONFIG_INVALID },
    );
  const source = current.exists && current.result.ok ? current.result.source : {};
  return `${JSON.stringify(change(source), null, 2)}\n`;
}

/** An edit made on the redacted text sends the placeholder back where it left a secret unchanged: the stored secret is kept. */
export function keepStoredSecrets(text: string, current: ConfigFileState): string {
  const restored = restoreRedactedSecrets(text, current.exists ? current.raw : "");
  if (!restored.ok) throw invalidRequest(restored.message, { code: CONFIG_INVALID });
  return restored.text;
}
