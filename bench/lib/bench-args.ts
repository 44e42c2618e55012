// The bench's command line: which suites to run and where the report goes.
import { join } from "node:path";

/** The usage text `npm run bench -- --help` prints. */
export const BENCH_USAGE = `usage: npm run bench -- [--record] [suite …]

Runs every suite in bench/suites (or only those named) and writes <date>.md, <date>.json,
SVG charts in <date>/ and latest.md. Progress lines go to stderr, the markdown report to stdout.

  --record   write to the tracked bench/results/ (to commit a result set);
             without it the report goes to bench/results/local/ (git-ignored)
  --help     this text

examples:
  npm run bench -- cluster
  npm run bench -- --record all-footprint cluster`;

/** What the command line asks for: help, a usage error, or a run. */
export type BenchArgs =
  | { kind: "help" }
  | { kind: "error"; message: string }
  | { kind: "run"; suites: string[]; record: boolean; resultsDir: string };

/**
 * Reads the bench's arguments against the known suite names. `resultsRoot` is bench/results:
 * a recorded run writes there (tracked), any other run under its git-ignored `local/`.
 */
export function parseBenchArgs(args: string[], known: string[], resultsRoot: string): BenchArgs {
  if (args.includes("--help") || args.includes("-h")) return { kind: "help" };
  const unknown = args.find((a) => a.startsWith("-") && a !== "--record");
  if (unknown) return { kind: "error", message: `unknown option ${unknown}` };
  const suites = args.filter((a) => !a.startsWith("-"));
  const missing = suites.filter((name) => !known.includes(name));
  if (missing.length)
    return {
      kind: "error",
      message: `no suite named ${missing.join(", ")}; suites: ${known.join(", ")}`,
    };
  const record = args.includes("--record");
  return {
    kind: "run",
    suites,
    record,
    resultsDir: record ? resultsRoot : join(resultsRoot, "local"),
  };
}
