import { existsSync, statSync } from "node:fs";
import * as path from "node:path";
import { Transcript } from "@clawfleet/bus";
import { errorMessage } from "@clawfleet/core";
import { USAGE_EXIT_CODE, type CliIo, type Command } from "../command.js";
import { connectCliBus } from "../connect-cli-bus.js";
import { applyImport } from "../import/apply-import.js";
import { formatProblem, type ImportPlan } from "../import/import-plan.js";
import { summarizeRows, type ImportRow } from "../import/import-report.js";
import { readOpenClawStateDir } from "../import/read-state-dir.js";
import { BUS_ENV } from "../help-sections.js";

const USAGE = "import openclaw <state-dir> [--dry-run] [--json]";

function printPlan(io: CliIo, plan: ImportPlan): void {
  io.out(
    `read ${plan.stateDir}: config ${plan.config ? "yes" : "no"}, agents ${plan.agents.join(", ")}, ` +
      `${plan.workspace.length} workspace files, ${plan.sessions.length} sessions ` +
      `(${plan.sessions.reduce((n, s) => n + s.entries.length, 0)} transcript entries), ${plan.allowlists.length} allowlists`,
  );
}

function printRow(io: CliIo, row: ImportRow, done: number, total: number, dryRun: boolean): void {
  const action =
    dryRun && (row.action === "create" || row.action === "update")
      ? `would ${row.action}`
      : row.action;
  io.out(
    `[${done}/${total}] ${row.kind} ${row.name}: ${action}${row.detail ? ` (${row.detail})` : ""}`,
  );
}

async function run(io: CliIo, stateDir: string, dryRun: boolean, json: boolean): Promise<number> {
  if (!existsSync(stateDir) || !statSync(stateDir).isDirectory()) {
    io.err(
      `clawfleet import: ${stateDir} is not a directory (an OpenClaw state dir such as the old /data volume)`,
    );
    return 1;
  }
  const plan = readOpenClawStateDir(path.resolve(stateDir));
  if (!json) printPlan(io, plan);
  const bus = await connectCliBus(io, "import");
  if (!bus) return 1;
  try {
    await bus.stream(Transcript).info();
  } catch (error) {
    io.err(
      `clawfleet import: the bus has no clawfleet streams yet (${errorMessage(error)}): start the services once (clawfleet all, or the gateway and agents), then import`,
    );
    await bus.close();
    return 1;
  }
  try {
    const rows = await applyImport(bus, plan, {
      dryRun,
      ...(json ? {} : { onRow: (row, done, total) => printRow(io, row, done, total, dryRun) }),
    });
    const failed = rows.some((r) => r.action === "failed");
    if (json) {
      io.out(
        JSON.stringify(
          { dryRun, rows, problems: plan.problems, notImported: plan.notImported },
          null,
          2,
        ),
      );
    } else {
      for (const item of plan.notImported) io.out(`not imported: ${item.file}: ${item.reason}`);
      for (const problem of plan.problems) io.err(`problem: ${formatProblem(problem)}`);
      io.out(
        `${dryRun ? "dry run, nothing written: " : ""}${summarizeRows(rows)}; ${plan.problems.length} problems`,
      );
    }
    return failed || plan.problems.length > 0 ? 1 : 0;
  } catch (error) {
    io.err(`clawfleet import: ${errorMessage(error)}`);
    return 1;
  } finally {
    await bus.close();
  }
}

/** `import openclaw <state-dir>`: brings an OpenClaw state directory onto the bus, idempotently. */
export const importCommand: Command = {
  name: "import",
  summary:
    "import an OpenClaw state dir (config, workspaces, sessions, pairing allowlists) onto the bus",
  usage: USAGE,
  help: [
    "Reads openclaw.json, agent workspaces, session transcripts and pairing allowlists from an",
    "OpenClaw state dir and writes them to the bus. Running it again changes nothing already there.",
    "",
    "Options:",
    "  --dry-run   show what would be created or updated, write nothing",
    "  --json      print the result as JSON (no progress lines)",
    "",
    "Environment:",
    ...BUS_ENV,
    "",
    "Examples:",
    "  clawfleet import openclaw ~/.openclaw --dry-run",
    "  clawfleet import openclaw /data",
  ],
  maxPositionals: 2,
  options: { "dry-run": { type: "boolean" }, json: { type: "boolean" } },
  async run({ positionals, values, io }) {
    const [source, stateDir] = positionals;
    if (source !== "openclaw" || stateDir === undefined) {
      io.err(
        `clawfleet: ${source && source !== "openclaw" ? `cannot import from ${source}: only openclaw` : "import needs: openclaw <state-dir>"}`,
      );
      io.err(`Usage: clawfleet ${USAGE}`);
      return USAGE_EXIT_CODE;
    }
    return run(io, stateDir, values["dry-run"] === true, values.json === true);
  },
};
