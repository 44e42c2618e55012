import { errorMessage } from "@clawfleet/core";
import { resolveStateDir } from "@clawfleet/config";
import {
  createProcessLogger,
  ensureNatsServer,
  runServices,
  type ServiceDefinition,
  type ServiceName,
} from "@clawfleet/runtime";
import type { Command, CommandInput } from "../command.js";
import { GATEWAY_ENV, GATEWAY_OPTION_LINES, SERVICE_ENV } from "../help-sections.js";
import { productVersion } from "../version.js";
import { CHANNELS_LOGIN_USAGE, runChannelsLogin } from "./channels-login-command.js";
import { AGENTS_FILES_USAGE, agentsFilesOptions, runAgentsFiles } from "./agents-command.js";

/** Options of the gateway subcommand (also accepted by `all`), as in OpenClaw's CLI. */
export const gatewayOptions = {
  port: { type: "string" },
  bind: { type: "string" },
  token: { type: "string" },
  password: { type: "string" },
  "allow-unconfigured": { type: "boolean" },
  verbose: { type: "boolean" },
} as const;

/** Loads only the services a process runs, so an agents process never loads discord.js and the like. */
const loaders: Record<ServiceName, () => Promise<ServiceDefinition>> = {
  gateway: async () => (await import("@clawfleet/gateway")).gatewayService,
  channels: async () => (await import("@clawfleet/channels")).channelsService,
  agents: async () => (await import("@clawfleet/agents")).agentsService,
  voice: async () => (await import("@clawfleet/voice")).voiceService,
};

/**
 * Runs a host until it exits, turning SIGTERM/SIGINT/SIGHUP (the terminal closed) into a graceful
 * shutdown (a second signal exits at once).
 */
async function host(
  input: CommandInput,
  processName: ServiceName | "all",
  services: ServiceName[],
  defaultNatsUrl?: string,
): Promise<number> {
  const env = input.values.verbose
    ? { ...input.io.env, LOG_LEVEL: input.io.env.LOG_LEVEL ?? "debug" }
    : input.io.env;
  const definitions = await Promise.all(services.map((name) => loaders[name]()));
  const handle = runServices({
    processName,
    services: definitions.map((definition) => ({
      definition,
      options: definition.name === "gateway" ? input.values : {},
    })),
    env,
    version: productVersion(),
    isTerminal: input.io.isTerminal,
    defaultNatsUrl,
  });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) process.exit(1);
    void handle.shutdown(signal);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  process.on("SIGHUP", onSignal);
  return handle.exited;
}

function serviceCommand(name: ServiceName, summary: string): Command {
  const isGateway = name === "gateway";
  if (name === "channels")
    return {
      name,
      summary,
      usage: `channels [--verbose] | ${CHANNELS_LOGIN_USAGE}`,
      help: [
        "Without an action: runs the connectors of every configured channel account.",
        "",
        "Options:",
        "  --verbose      debug logs",
        "  --account ID   the account to link (login/logout; default: default)",
        "  --force        link again even when already linked",
        "",
        "Environment:",
        ...SERVICE_ENV,
        "  DISCORD_BOT_TOKEN, TELEGRAM_BOT_TOKEN, SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SIGNAL_CLI_URL",
        "  CLAWFLEET_STATE_KEY  encrypts the credentials a connector keeps (WhatsApp)",
        "",
        "Examples:",
        "  clawfleet channels",
        "  clawfleet channels login whatsapp",
      ],
      maxPositionals: 2,
      options: {
        verbose: { type: "boolean" },
        account: { type: "string" },
        force: { type: "boolean" },
      },
      run: (input) =>
        input.positionals.length > 0 ? runChannelsLogin(input) : host(input, name, [name]),
    };
  if (name === "agents")
    return {
      name,
      summary,
      usage: `agents [--verbose] | ${AGENTS_FILES_USAGE}`,
      help: [
        "Without an action: runs an agent worker (run more of them to scale).",
        "",
        "Options:",
        "  --verbose        debug logs",
        "  --agent ID       the agent whose workspace (default: the default agent)",
        "  --file PATH      set: read the new content from PATH",
        "  --content TEXT   set: the new content",
        "  --json           print as JSON",
        "",
        "Environment:",
        ...SERVICE_ENV,
        "  ANTHROPIC_API_KEY, OPENAI_API_KEY, GOOGLE_API_KEY  model keys",
        "",
        "Examples:",
        "  clawfleet agents",
        "  clawfleet agents files get AGENTS.md",
      ],
      maxPositionals: 3,
      options: { verbose: { type: "boolean" }, ...agentsFilesOptions },
      run: (input) =>
        input.positionals.length > 0 ? runAgentsFiles(input) : host(input, name, [name]),
    };
  return {
    name,
    summary,
    usage: isGateway
      ? "gateway [--port N] [--bind loopback|lan|auto|custom] [--token T] [--password P] [--allow-unconfigured] [--verbose]"
      : `${name} [--verbose]`,
    help: isGateway
      ? [
          "Options:",
          ...GATEWAY_OPTION_LINES,
          "",
          "Environment:",
          ...SERVICE_ENV,
          ...GATEWAY_ENV,
          "",
          "Examples:",
          "  clawfleet gateway",
          "  OPENCLAW_GATEWAY_TOKEN=… clawfleet gateway --bind lan --port 18789",
        ]
      : [
          "Options:",
          "  --verbose   debug logs",
          "",
          "Environment:",
          ...SERVICE_ENV,
          "  TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TELNYX_API_KEY, NGROK_AUTHTOKEN",
          "",
          "Examples:",
          "  clawfleet voice",
        ],
    options: isGateway ? gatewayOptions : { verbose: { type: "boolean" } },
    run: (input) => host(input, name, [name]),
  };
}

/** `gateway`, `channels`, `agents`, `voice`: one service per process (one Fly process group each). */
export const serviceCommands: Command[] = [
  serviceCommand(
    "gateway",
    "run the gateway: WebSocket control plane, Control UI, webhooks, config editing (KV, mirrored to openclaw.json)",
  ),
  serviceCommand(
    "channels",
    "run the Discord, Telegram, WhatsApp, Slack and Signal connectors; `channels login whatsapp|signal` links by QR",
  ),
  serviceCommand(
    "agents",
    "run an agent worker (scale horizontally); `agents files …` reads and edits workspaces",
  ),
  serviceCommand("voice", "run the voice-call service (Twilio, ngrok)"),
];

/** `all`: every service in one process, on its own nats-server unless NATS_URL names one. */
export const allCommand: Command = {
  name: "all",
  summary:
    "run every service in one process, on its own nats-server under the state dir (NATS_URL: use an external one)",
  usage: "all [gateway options]",
  help: [
    "Starts its own nats-server under the state dir (fetched once into the cache when missing),",
    "then every service; prints the Control UI address and which model key is missing.",
    "",
    "Options (as `gateway`):",
    ...GATEWAY_OPTION_LINES,
    "",
    "Environment:",
    ...SERVICE_ENV,
    ...GATEWAY_ENV,
    "  ANTHROPIC_API_KEY, OPENAI_API_KEY, GOOGLE_API_KEY  model keys",
    "",
    "Examples:",
    "  clawfleet all",
    "  NATS_URL=nats://127.0.0.1:4222 clawfleet all   (an external NATS, chosen explicitly)",
  ],
  options: gatewayOptions,
  async run(input) {
    // Local all-in-one use: no config yet is fine, the gateway writes a minimal one.
    input.values["allow-unconfigured"] ??= true;
    const logger = createProcessLogger({
      service: "all",
      instance: "setup",
      level: input.io.env.LOG_LEVEL,
      format: input.io.env.LOG_FORMAT,
      isTerminal: input.io.isTerminal,
      env: input.io.env,
    });
    let nats;
    try {
      nats = await ensureNatsServer({
        env: input.io.env,
        stateDir: resolveStateDir(input.io.env),
        logger,
      });
    } catch (error) {
      input.io.err(`clawfleet all: ${errorMessage(error)}`);
      return 1;
    }
    try {
      return await host(input, "all", ["gateway", "agents", "channels", "voice"], nats.url);
    } finally {
      await nats.stop();
    }
  },
};
