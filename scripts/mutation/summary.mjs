// Turns Stryker's mutant results into one row per module and keeps bench/results/mutation/summary.md
// (the latest row of every module; scores.json holds the same rows for the next run to merge into).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const count = (results, status) => results.filter((r) => r.status === status).length;

/** One module's counts, score and surviving mutants. */
export function summarize(module, results, elapsedMs) {
  const killed = count(results, "Killed");
  const timeout = count(results, "Timeout");
  const survived = count(results, "Survived");
  const noCoverage = count(results, "NoCoverage");
  const errors = count(results, "RuntimeError") + count(results, "CompileError");
  const valid = killed + timeout + survived + noCoverage;
  return {
    module: module.name,
    doc: module.doc,
    date: new Date().toISOString().slice(0, 16) + "Z",
    mutants: results.length,
    killed,
    timeout,
    survived,
    noCoverage,
    errors,
    score: valid === 0 ? 0 : ((killed + timeout) / valid) * 100,
    seconds: Math.round(elapsedMs / 1000),
    survivors: results
      .filter((r) => r.status === "Survived" || r.status === "NoCoverage")
      .map((r) => ({
        at: `${relative(process.cwd(), r.fileName)}:${r.location.start.line}`,
        mutator: r.mutatorName,
        replacement: oneLine(r.replacement ?? ""),
      })),
  };
}

/** Merges a module's row into scores.json and rewrites summary.md from all rows. */
export function writeSummary(outDir, row) {
  const scoresFile = join(outDir, "scores.json");
  const rows = existsSync(scoresFile) ? JSON.parse(readFileSync(scoresFile, "utf8")) : [];
  const merged = [...rows.filter((r) => r.module !== row.module), row];
  writeFileSync(scoresFile, JSON.stringify(merged, null, 2) + "\n");
  writeFileSync(join(outDir, "summary.md"), render(merged));
}

function render(rows) {
  const lines = [
    "# Mutation testing summary",
    "",
    "Written by `npm run mutation` (StrykerJS, command runner over node:test). Score = (killed + timeout) /",
    "(killed + timeout + survived + no coverage). Surviving mutants judged equivalent are explained in",
    "[survivors.md](survivors.md). Full HTML/JSON reports: `reports/<module>/` (not committed).",
    "",
    "| module | score | killed | timeout | survived | no cov. | errors | mutants | run | date |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows.map(
      (r) =>
        `| ${r.module} | ${r.score.toFixed(1)} % | ${r.killed} | ${r.timeout} | ${r.survived} | ` +
        `${r.noCoverage} | ${r.errors} | ${r.mutants} | ${Math.round(r.seconds / 60)} min | ${r.date} |`,
    ),
  ];
  for (const r of rows.filter((row) => row.survivors.length > 0)) {
    lines.push("", `## ${r.module}: surviving mutants`, "");
    for (const s of r.survivors) lines.push(`- \`${s.at}\` ${s.mutator}: \`${s.replacement}\``);
  }
  return lines.join("\n") + "\n";
}

function oneLine(text) {
  const flat = text.replace(/\s+/g, " ").replace(/`/g, "'");
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
}
