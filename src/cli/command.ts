import type { ParseArgsConfig } from "node:util";

/** What a command may touch: output streams and the environment, nothing global. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  isTerminal: boolean;
}

/** Parsed arguments of a command. */
export interface CommandInput {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  io: CliIo;
}

/** One CLI subcommand. */
export interface Command {
  name: string;
  /** One line for `--help`. */
  summary: string;
  /** Usage line(s) after `clawfleet`, e.g. `gateway [--port N] [--bind MODE]`. */
  usage: string;
  /** The rest of `clawfleet <command> --help`: options, environment variables, examples. */
  help: readonly string[];
  options?: NonNullable<ParseArgsConfig["options"]>;
  /** How many positionals it takes at most (0 when omitted). */
  maxPositionals?: number;
  /** Runs the command and resolves with the process exit code. */
  run(input: CommandInput): Promise<number>;
}

/** Exit code for wrong usage (unknown command, flag or argument). */
export const USAGE_EXIT_CODE = 2;
