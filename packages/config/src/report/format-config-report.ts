import type { ConfigIssue } from "../issues/config-issue.js";
import { displayConfigPath } from "../issues/config-issue.js";
import type { ConfigLoadResult } from "../load/config-result.js";

/** One error line: `- <dotted.path>: <message>` (`(root)` for the whole document). */
export function formatIssueLine(issue: ConfigIssue): string {
  return capLine(`- ${displayConfigPath(issue.path)}: ${issue.message}`);
}

/** Issues listed in one report at most; the rest are counted. */
export const MAX_LISTED_ISSUES = 20;
const MAX_LINE_CHARS = 300;

function capLine(line: string): string {
  return line.length <= MAX_LINE_CHARS ? line : `${line.slice(0, MAX_LINE_CHARS)}…`;
}

/** The first {@link MAX_LISTED_ISSUES} issues as lines, then `… and N more`: a report stays small. */
export function formatIssueLines(
  issues: readonly ConfigIssue[],
  format: (issue: ConfigIssue) => string = formatIssueLine,
): string[] {
  const lines = issues.slice(0, MAX_LISTED_ISSUES).map(format);
  if (issues.length > MAX_LISTED_ISSUES)
    lines.push(`… and ${issues.length - MAX_LISTED_ISSUES} more`);
  return lines;
}

/** One warning line: `warning: <dotted.path>: <message>` — no leading dash, so `grep '^- '` finds only errors. */
export function formatWarningLine(issue: ConfigIssue): string {
  return capLine(`warning: ${displayConfigPath(issue.path)}: ${issue.message}`);
}

/**
 * Renders a load result for humans: `Config invalid: <file>` (or `Config valid: <file>`), then
 * one `- path: message` line per error, then one `warning: path: message` line per warning.
 */
export function formatConfigReport(result: ConfigLoadResult): string {
  const head = result.ok ? `Config valid: ${result.file}` : `Config invalid: ${result.file}`;
  const errors = result.ok ? [] : formatIssueLines(result.errors);
  return [head, ...errors, ...formatIssueLines(result.warnings, formatWarningLine)].join("\n");
}
