import type { Command } from "../command.js";
import { configCommand } from "./config-command.js";
import { dashboardCommand } from "./dashboard-command.js";
import { doctorCommand } from "./doctor-command.js";
import { importCommand } from "./import-command.js";
import { pairingCommand } from "./pairing-command.js";
import { securityCommand } from "./security-command.js";
import { allCommand, serviceCommands } from "./service-commands.js";
import { sessionsCommand } from "./sessions-command.js";
import { statusCommand } from "./status-command.js";
import { voicecallCommand } from "./voicecall-command.js";

/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly Command[] = [
  ...serviceCommands,
  allCommand,
  configCommand,
  statusCommand,
  dashboardCommand,
  doctorCommand,
  securityCommand,
  pairingCommand,
  voicecallCommand,
  sessionsCommand,
  importCommand,
];
