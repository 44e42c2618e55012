import { errorMessage } from "@clawfleet/core";
import { parseArgs } from "node:util";
import { USAGE_EXIT_CODE, type CliIo, type Command } from "./command.js";
import { commands } from "./commands/index.js";
import { commandHelp, usageText } from "./usage-text.js";
import { productVersion } from "./version.js";

/** Runs the `clawfleet` CLI with `argv` (without node and script); resolves with the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    io.out(usageText(commands));
    return first === undefined ? USAGE_EXIT_CODE : 0;
  }
  if (first === "--version" || first === "-v" || first === "version") {
    io.out(productVersion());
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) return usageError(io, `unknown command: ${first}`);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(commandHelp(command));
    return 0;
  }
  const parsed = parse(command, rest);
  if ("error" in parsed) return usageError(io, parsed.error, command);
  return command.run({ ...parsed, io });
}

/** Checks an argument list the way {@link runCli} would, without running anything (deploy checks use it). */
export function checkInvocation(
  argv: string[],
):
  | { ok: true; command: string; values: Record<string, string | boolean | undefined> }
  | { ok: false; error: string } {
  const [first, ...rest] = argv;
  const command = commands.find((c) => c.name === first);
  if (!command) return { ok: false, error: `unknown command: ${first ?? "(none)"}` };
  const parsed = parse(command, rest);
  return "error" in parsed
    ? { ok: false, error: parsed.error }
    : { ok: true, command: command.name, values: parsed.values };
}

function parse(
  command: Command,
  args: string[],
):
  | { positionals: string[]; values: Record<string, string | boolean | undefined> }
  | { error: string } {
  try {
    const { positionals, values } = parseArgs({
      args,
      options: command.options ?? {},
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > (command.maxPositionals ?? 0))
      return { error: `unexpected argument: ${positionals[command.maxPositionals ?? 0]}` };
    return { positionals, values: values as Record<string, string | boolean | undefined> };
  } catch (error) {
    return { error: parseErrorText(command, error) };
  }
}

function usageError(io: CliIo, message: string, command?: Command): number {
  io.err(`clawfleet: ${message}`);
  io.err(
    command
      ? `Usage: clawfleet ${command.usage}\n(clawfleet ${command.name} --help for options and examples)`
      : usageText(commands),
  );
  return USAGE_EXIT_CODE;
}

// node:util's parseArgs messages are long and generic; name the flag and the command instead.
function parseErrorText(command: Command, error: unknown): string {
  const message = errorMessage(error);
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  const code = (error as { code?: string }).code;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag)
    return `unknown option ${flag} for \`${command.name}\``;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag)
    return `option ${flag} of \`${command.name}\` ${/argument missing/.test(message) ? "needs a value" : "takes no value"}`;
  return message.split("\n")[0] ?? "invalid arguments";
}
