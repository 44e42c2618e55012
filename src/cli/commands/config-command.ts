import {
  configGetCommand,
  configSchemaCommand,
  validateConfigFile,
  type CommandOutput,
} from "@clawfleet/config";
import { USAGE_EXIT_CODE, type Command } from "../command.js";

const USAGE = "config validate [file] | config schema | config get <dotted.path> [file]";

/** `config validate|schema|get`: check a config file, print the JSON Schema, read one value. */
export const configCommand: Command = {
  name: "config",
  summary: "validate openclaw.json, print its JSON Schema, or read one value",
  usage: USAGE,
  help: [
    "Actions:",
    "  validate [file]        check a config file; prints `path: message` lines, exit 1 when invalid",
    "  schema                 print the JSON Schema of openclaw.json",
    "  get <dotted.path> [file] print one value (secrets masked)",
    "",
    "Environment:",
    "  OPENCLAW_CONFIG_PATH   the file when none is given (else $OPENCLAW_STATE_DIR/openclaw.json)",
    "  OPENCLAW_STATE_DIR     state dir (default ~/.openclaw)",
    "",
    "Examples:",
    "  clawfleet config validate ~/.openclaw/openclaw.json",
    "  clawfleet config get gateway.port",
  ],
  maxPositionals: 3,
  async run({ positionals, io }) {
    const [action, ...args] = positionals;
    let result: CommandOutput | undefined;
    if (action === "validate" && args.length <= 1) result = validateConfigFile(args[0], io.env);
    else if (action === "schema" && args.length === 0) result = configSchemaCommand();
    else if (action === "get" && args.length >= 1 && args.length <= 2)
      result = configGetCommand(args[0]!, args[1], io.env);
    if (!result) {
      io.err(
        `clawfleet: ${action ? `unknown config action or arguments: ${positionals.join(" ")}` : "config needs an action"}`,
      );
      io.err(`Usage: clawfleet ${USAGE}`);
      return USAGE_EXIT_CODE;
    }
    (result.exitCode === 0 ? io.out : io.err)(result.output);
    return result.exitCode;
  },
};
