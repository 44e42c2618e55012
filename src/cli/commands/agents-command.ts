import { readFileSync } from "node:fs";
import { errorMessage } from "@clawfleet/core";
import {
  AgentsFilesGet,
  AgentsFilesList,
  AgentsFilesSet,
  BusError,
  BusErrorCode,
  isWorkspaceFileName,
  workspaceFileTooLarge,
  type Bus,
} from "@clawfleet/bus";
import { USAGE_EXIT_CODE, type CliIo, type CommandInput } from "../command.js";
import { connectCliBus } from "../connect-cli-bus.js";

const USAGE = [
  "agents files list [--agent ID] [--json]",
  "agents files get NAME [--agent ID] [--json]",
  "agents files set NAME (--file PATH | --content TEXT) [--agent ID]",
].join("\n         clawfleet ");

type Values = Record<string, string | boolean | undefined>;

async function run(
  bus: Bus,
  action: string,
  name: string | undefined,
  values: Values,
  io: CliIo,
): Promise<number> {
  const agentId = typeof values.agent === "string" ? values.agent : "main";
  const json = values.json === true;
  if (action === "list") {
    const reply = await bus.request(AgentsFilesList, {}, { agentId });
    if (json) io.out(JSON.stringify(reply, null, 2));
    else
      for (const file of reply.files)
        io.out(
          `${file.name.padEnd(28)} ${file.missing ? "missing" : `${file.size} bytes, ${new Date(file.updatedAtMs ?? 0).toISOString().slice(0, 19).replace("T", " ")}`}`,
        );
    return 0;
  }
  if (action === "get") {
    const reply = await bus.request(AgentsFilesGet, {}, { agentId, name: name! });
    if (json) io.out(JSON.stringify(reply, null, 2));
    else if (reply.file.missing) io.err(`${name} does not exist in ${agentId}'s workspace`);
    else io.out(reply.file.content ?? "");
    return 0;
  }
  const content =
    typeof values.file === "string" ? readFileSync(values.file, "utf8") : String(values.content);
  const tooLarge = workspaceFileTooLarge(name!, content);
  if (tooLarge) {
    io.err(`clawfleet agents: ${tooLarge}`);
    return 1;
  }
  const reply = await bus.request(AgentsFilesSet, {}, { agentId, name: name!, content });
  io.out(`wrote ${reply.file.name} of agent ${reply.agentId} (${reply.file.size} bytes)`);
  return 0;
}

/** Usage of `agents files …` (the `agents` command without arguments runs an agents worker). */
export const AGENTS_FILES_USAGE = USAGE;

/** Options of `agents files …`. */
export const agentsFilesOptions = {
  agent: { type: "string" },
  file: { type: "string" },
  content: { type: "string" },
  json: { type: "boolean" },
} as const;

/** `agents files list|get|set`: read and edit an agent's workspace (persona, user, memory) through the agents service. */
export async function runAgentsFiles({ positionals, values, io }: CommandInput): Promise<number> {
  const [group, action, name] = positionals;
  const problem =
    group !== "files"
      ? `unknown agents subcommand: ${group}`
      : !["list", "get", "set"].includes(action ?? "")
        ? `unknown agents files action: ${action ?? "(none)"}`
        : action !== "list" && !name
          ? `agents files ${action} needs a file name`
          : name && !isWorkspaceFileName(name)
            ? `not a workspace file name: ${name} (AGENTS.md, SOUL.md, USER.md, IDENTITY.md, TOOLS.md, HEARTBEAT.md, BOOTSTRAP.md, MEMORY.md or memory/<name>.md)`
            : action === "set" && (values.file === undefined) === (values.content === undefined)
              ? "agents files set needs exactly one of --file or --content"
              : undefined;
  if (problem) {
    io.err(`clawfleet: ${problem}`);
    io.err(`Usage: clawfleet ${USAGE}`);
    return USAGE_EXIT_CODE;
  }
  const bus = await connectCliBus(io, "agents");
  if (!bus) return 1;
  try {
    return await run(bus, action!, name, values, io);
  } catch (error) {
    const noService =
      error instanceof BusError &&
      (error.code === BusErrorCode.NoResponders || error.code === BusErrorCode.Timeout);
    io.err(
      `clawfleet agents: ${noService ? `no agents service answers on the bus (${error.message}); start it with \`clawfleet agents\` or \`clawfleet all\`` : errorMessage(error)}`,
    );
    return 1;
  } finally {
    await bus.close();
  }
}
