import type { Command } from "./command.js";

/** The `--help` text: every subcommand with its one-line summary. */
export function usageText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "clawfleet — a personal AI gateway as services on a NATS bus",
    "",
    "Usage: clawfleet <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    "  --help, -h     show help (also after a command)",
    "  --version, -v  print the version",
    "",
    "Docs: docs/deploy-fly.md, docs/configuration.md, docs/operations.md",
  ].join("\n");
}

/** `clawfleet <command> --help`: usage, what it does, then its options, environment and examples. */
export function commandHelp(command: Command): string {
  return [`Usage: clawfleet ${command.usage}`, "", `${command.summary}.`, "", ...command.help].join(
    "\n",
  );
}
