import type { ConfigIssue } from "../issues/config-issue.js";
import { displayConfigPath } from "../issues/config-issue.js";
import type { ConfigLoadResult } from "../load/config-result.js";

/** One error line: `- <dotted.path>: <message>` (`(root)` for the whole document). */
export function formatIssueLine(issue: ConfigIssue): string {
  return `- ${displayConfigPath(issue.path)}: ${issue.message}`;
}

/** One warning line: `warning: <dotted.path>: <message>` — no leading dash, so `grep '^- '` finds only errors. */
export function formatWarningLine(issue: ConfigIssue): string {
  return `warning: ${displayConfigPath(issue.path)}: ${issue.message}`;
}

/**
 * Renders a load result for humans: `Config invalid: <file>` (or `Config valid: <file>`), then
 * one `- path: message` line per error, then one `warning: path: message` line per warning.
 */
export function formatConfigReport(result: ConfigLoadResult): string {
  const head = result.ok ? `Config valid: ${result.file}` : `Config invalid: ${result.file}`;
  const errors = result.ok ? [] : result.errors.map(formatIssueLine);
  return [head, ...errors, ...result.warnings.map(formatWarningLine)].join("\n");
}
