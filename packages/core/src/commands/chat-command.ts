/** Reset triggers when `session.resetTriggers` is unset. */
export const DEFAULT_RESET_TRIGGERS: readonly string[] = ["/new", "/reset"];

/** A chat command sent as a standalone message. */
export type ChatCommand =
  /** Start a fresh session; `model` from `/new provider/model`, `rest` is passed on as a message. */
  | { name: "new" | "reset"; trigger: string; model?: string; rest?: string }
  | { name: "status" | "stop" | "help" | "whoami" | "usage" }
  /** Summarise older turns now; `instructions` steer the summary. */
  | { name: "compact"; instructions?: string }
  | { name: "model"; action: "show" | "list" }
  | { name: "model"; action: "set"; model: string };

/** Who the bot is and how resets are triggered, for {@link parseChatCommand}. */
export interface ChatCommandContext {
  /** The bot's username (Telegram `@name`); `/cmd@other_bot` is then not for us. */
  botUsername?: string;
  /** The bot's user id (Discord `<@id>` mentions). */
  botUserId?: string;
  /** `session.resetTriggers`; replaces the default `["/new", "/reset"]`. */
  resetTriggers?: readonly string[];
}

const NO_ARGUMENT_COMMANDS = ["status", "stop", "help", "whoami", "usage"] as const;
type NoArgumentCommand = (typeof NO_ARGUMENT_COMMANDS)[number];

function isNoArgumentCommand(name: string): name is NoArgumentCommand {
  return (NO_ARGUMENT_COMMANDS as readonly string[]).includes(name);
}
const MODEL_REF = /^[a-z0-9][\w.-]*\/[\w.:@+-]+$/i;
const COMMAND = /^\/([^\s@/]+)(?:@(\S+))?(?:\s+([\s\S]*))?$/;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Drops a leading mention of this bot (`@name`, `<@id>`, `<@!id>`), so "@bot /status" works in groups. */
function stripBotMention(text: string, context: ChatCommandContext): string {
  const names: string[] = [];
  const username = context.botUsername?.trim().replace(/^@/, "");
  if (username) names.push(`@${escapeRegExp(username)}`);
  const userId = context.botUserId?.trim();
  if (userId) names.push(`<@!?${escapeRegExp(userId)}>`);
  if (names.length === 0) return text;
  return text.replace(new RegExp(`^(?:${names.join("|")})(?=[\\s,:]|$)[\\s,:]*`, "i"), "");
}

function parseReset(trigger: string, args: string): ChatCommand {
  const command: ChatCommand = { name: trigger === "/new" ? "new" : "reset", trigger };
  const first = args.split(/\s+/)[0] ?? "";
  if (MODEL_REF.test(first)) {
    command.model = first;
    const rest = args.slice(args.indexOf(first) + first.length).trim();
    if (rest) command.rest = rest;
  } else if (args) {
    command.rest = args;
  }
  return command;
}

function parseModel(args: string): ChatCommand | null {
  if (args === "") return { name: "model", action: "show" };
  if (/\s/.test(args)) return null;
  return args.toLowerCase() === "list"
    ? { name: "model", action: "list" }
    : { name: "model", action: "set", model: args };
}

/**
 * Parses a standalone chat command — `/new [provider/model]`, `/reset`, `/status`,
 * `/model [list|provider/model]`, `/compact [instructions]`, `/usage`, `/stop`, `/help`, `/whoami` — accepting Telegram's
 * `/cmd@BotName` (only for this bot when its name is known) and a leading bot mention. Commands
 * are case-insensitive; `/status` and friends take no arguments. Reset triggers come from
 * `session.resetTriggers`. Returns null for ordinary text.
 */
export function parseChatCommand(
  text: string,
  context: ChatCommandContext = {},
): ChatCommand | null {
  const trimmed = stripBotMention(text.trim(), context).trim();
  const triggers = (context.resetTriggers ?? DEFAULT_RESET_TRIGGERS)
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const match = COMMAND.exec(trimmed);
  if (!match) {
    // A trigger without a slash must be the whole message.
    const whole = trimmed.toLowerCase();
    return triggers.includes(whole) && !whole.startsWith("/")
      ? { name: "reset", trigger: whole }
      : null;
  }
  const [, rawName = "", addressee, rawArgs] = match;
  const username = context.botUsername?.trim().replace(/^@/, "").toLowerCase();
  if (addressee && username && addressee.toLowerCase() !== username) return null;
  const name = rawName.toLowerCase();
  const args = (rawArgs ?? "").trim();
  if (triggers.includes(`/${name}`)) return parseReset(`/${name}`, args);
  if (isNoArgumentCommand(name)) return args === "" ? { name } : null;
  if (name === "compact") return args ? { name, instructions: args } : { name };
  return name === "model" ? parseModel(args) : null;
}
