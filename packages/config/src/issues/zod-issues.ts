import type * as z from "zod";
import type { ConfigIssue, PathSegment } from "./config-issue.js";
import { configIssue } from "./config-issue.js";

type ZodIssue = z.core.$ZodIssue;

/** Converts zod issues into `{path, message}` issues, descending into the union branch the input was meant for. */
export function toConfigIssues(
  issues: readonly ZodIssue[],
  prefix: readonly PathSegment[] = [],
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const branch = intendedBranch(issue.errors);
      out.push(
        ...(branch === undefined
          ? [configIssue(path, unionMessage(issue.errors))]
          : toConfigIssues(branch, path)),
      );
      continue;
    }
    out.push(configIssue(path, cleanMessage(issue.message)));
  }
  return out;
}

// A branch whose failures are not all "wrong type at the top" matched the input's shape,
// so its nested issues say more than "Invalid input".
function intendedBranch(
  branches: readonly (readonly ZodIssue[])[],
): readonly ZodIssue[] | undefined {
  const matching = branches.filter(
    (b) => !b.every((i) => i.code === "invalid_type" && i.path.length === 0),
  );
  return matching[0];
}

function unionMessage(branches: readonly (readonly ZodIssue[])[]): string {
  const expected = new Set<string>();
  let received: string | undefined;
  for (const branch of branches) {
    for (const issue of branch) {
      if (issue.code !== "invalid_type") continue;
      expected.add(issue.expected);
      received ??= /received (\w+)/.exec(issue.message)?.[1];
    }
  }
  if (expected.size === 0) return "invalid value";
  return `expected ${[...expected].join(" or ")}${received === undefined ? "" : `, received ${received}`}`;
}

function cleanMessage(message: string): string {
  return message.replace(/^Invalid (input|option): /, "");
}
