import * as z from "zod";
import { EnvInvalidError } from "../errors.js";
import { toConfigIssues } from "../issues/zod-issues.js";
import type { EnvRecord } from "../load/substitute-env.js";
import { LogLevel } from "../schema/logging.js";

/** One documented environment variable: its schema, a one-line description, and whether it is a secret. */
export interface EnvVarSpec<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  readonly description: string;
  readonly secret: boolean;
}

function spec<S extends z.ZodType>(schema: S, description: string, secret = false): EnvVarSpec<S> {
  return { schema, description, secret };
}

const text = z.string();
const port = z.coerce.number<string>().int().min(1).max(65535);
const portOrAny = z.coerce.number<string>().int().min(0).max(65535);
const url = z.url();

/**
 * Every environment variable clawfleet reads — the single documentation source for env vars
 * (docs and the deploy checks list this table; code must not read a variable missing here).
 */
export const CLAW_ENV_VARS = {
  OPENCLAW_STATE_DIR: spec(
    text,
    "State directory holding openclaw.json and local state (default ~/.openclaw; /data on Fly).",
  ),
  OPENCLAW_CONFIG_PATH: spec(
    text,
    "Config file path; overrides $OPENCLAW_STATE_DIR/openclaw.json.",
  ),
  OPENCLAW_INCLUDE_ROOTS: spec(
    text,
    "Folders besides the config file's own that $include may read, as a path list (: on POSIX, ; on Windows; ~ expanded); default none.",
  ),
  OPENCLAW_GATEWAY_TOKEN: spec(
    text,
    "Gateway auth token for the Control UI and WebSocket clients; required for a non-loopback bind.",
    true,
  ),
  OPENCLAW_GATEWAY_PASSWORD: spec(
    text,
    "Gateway password when gateway.auth.mode is password.",
    true,
  ),
  OPENCLAW_GATEWAY_PORT: spec(
    port,
    "Gateway HTTP/WebSocket port when --port is not given (overrides gateway.port).",
  ),
  ANTHROPIC_API_KEY: spec(text, "Anthropic API key for anthropic/* models.", true),
  ANTHROPIC_BASE_URL: spec(url, "Anthropic API base URL (proxies, test fakes)."),
  OPENAI_API_KEY: spec(text, "OpenAI API key for openai/* models.", true),
  OPENAI_BASE_URL: spec(url, "OpenAI API base URL (proxies, compatible servers, test fakes)."),
  GOOGLE_API_KEY: spec(text, "Google API key for google/* models.", true),
  DISCORD_BOT_TOKEN: spec(
    text,
    "Discord bot token, used when channels.discord.token is absent.",
    true,
  ),
  DISCORD_API_BASE: spec(
    url,
    "Discord REST base URL, used when channels.discord.apiBase is absent (test fakes).",
  ),
  TELEGRAM_BOT_TOKEN: spec(
    text,
    "Telegram bot token, used when channels.telegram.botToken is absent.",
    true,
  ),
  TELEGRAM_API_ROOT: spec(
    url,
    "Telegram Bot API root, used when channels.telegram.apiRoot is absent (test fakes).",
  ),
  SLACK_BOT_TOKEN: spec(
    text,
    "Slack bot token (xoxb-), used when channels.slack.botToken is absent.",
    true,
  ),
  SLACK_APP_TOKEN: spec(
    text,
    "Slack app-level token (xapp-) for Socket Mode, used when channels.slack.appToken is absent.",
    true,
  ),
  SLACK_API_URL: spec(
    url,
    "Slack Web API base URL, used when channels.slack.apiUrl is absent (test fakes).",
  ),
  SIGNAL_CLI_URL: spec(
    url,
    "signal-cli daemon URL (`daemon --http`), used when channels.signal.httpUrl is absent; default http://127.0.0.1:8080.",
  ),
  SIGNAL_ACCOUNT: spec(
    text,
    "The bot's Signal number (E.164), used when channels.signal.account is absent.",
  ),
  CLAWFLEET_STATE_KEY: spec(
    z.string().min(32, "must be at least 32 characters"),
    "Key (at least 32 characters) that encrypts channel credentials kept on the bus (WhatsApp session); required when channels.whatsapp is configured.",
    true,
  ),
  TWILIO_ACCOUNT_SID: spec(text, "Twilio account SID for the voice-call plugin."),
  TWILIO_AUTH_TOKEN: spec(text, "Twilio auth token; also checks webhook signatures.", true),
  TWILIO_API_BASE: spec(url, "Twilio REST base URL (test fakes)."),
  TELNYX_API_KEY: spec(text, "Telnyx API key (v2) for the voice-call plugin.", true),
  TELNYX_CONNECTION_ID: spec(text, "Telnyx Call Control connection (application) id."),
  TELNYX_PUBLIC_KEY: spec(
    text,
    "Telnyx webhook public key (base64 Ed25519, from the portal); checks webhook signatures.",
  ),
  TELNYX_API_BASE: spec(
    url,
    "Telnyx REST base URL, default https://api.telnyx.com/v2 (test fakes).",
  ),
  BRAVE_API_KEY: spec(
    text,
    "Brave Search API key for the web_search tool, used when plugins.entries.brave.config.webSearch.apiKey is absent; without a key web_search is not offered.",
    true,
  ),
  ELEVENLABS_API_KEY: spec(
    text,
    "ElevenLabs API key for streamed call speech (tts.provider elevenlabs).",
    true,
  ),
  XI_API_KEY: spec(text, "ElevenLabs API key, read when ELEVENLABS_API_KEY is unset.", true),
  NGROK_AUTHTOKEN: spec(text, "ngrok auth token for the voice-call tunnel.", true),
  NGROK_DOMAIN: spec(text, "Reserved ngrok domain for the voice-call tunnel."),
  NATS_URL: spec(
    text,
    "NATS server URL(s), comma-separated; default on Fly nats://nats.process.$FLY_APP_NAME.internal:4222, elsewhere nats://127.0.0.1:4222.",
  ),
  NATS_TOKEN: spec(
    text,
    "Token clients present to NATS (the nats group's authorization token on Fly).",
    true,
  ),
  NATS_USER: spec(text, "User name clients present to NATS, when it uses user/password auth."),
  NATS_PASSWORD: spec(text, "Password clients present to NATS, with NATS_USER.", true),
  NATS_REPLICAS: spec(
    z.coerce.number<string>().int().min(1).max(5),
    "Copies of every JetStream stream and KV bucket (1-5); default the NATS cluster's size, at most 3. Provisioning only raises replicas, never lowers them.",
  ),
  CLAWFLEET_CACHE_DIR: spec(
    text,
    "Where `clawfleet all` keeps the nats-server it fetches when none is on PATH (default: $XDG_CACHE_HOME/clawfleet, else ~/.cache/clawfleet).",
  ),
  XDG_CACHE_HOME: spec(text, "Base of the default CLAWFLEET_CACHE_DIR."),
  HEALTH_BIND: spec(
    text,
    "Interface of the /healthz, /readyz and /metrics server: loopback (default), all (default on Fly, whose checks reach the machine over its network), or an address.",
  ),
  NODE_ENV: spec(
    text,
    "Node environment name; production enables production defaults (e.g. JSON logs).",
  ),
  HEALTH_PORT: spec(
    portOrAny,
    "Port of a service's /healthz, /readyz and /metrics HTTP server (defaults: gateway 9101, channels 9102, agents 9103, voice 9104, all 9180; 0 picks a free one).",
  ),
  LOG_LEVEL: spec(z.enum(LogLevel), "Log level; overrides logging.level."),
  LOG_FORMAT: spec(z.enum(["pretty", "json"]), "Log line format; overrides logging.consoleStyle."),
  HOME: spec(text, "Home directory; the default state directory is $HOME/.openclaw."),
  FLY_APP_NAME: spec(
    text,
    "Fly.io app name (set by Fly); names the nats process group when NATS_URL is unset.",
  ),
  FLY_MACHINE_ID: spec(
    text,
    "Fly.io machine id (set by Fly); names the service instance in logs and status.",
  ),
  FLY_REGION: spec(text, "Fly.io region of the machine (set by Fly)."),
  FLY_PROCESS_GROUP: spec(
    text,
    "Fly.io process group of the machine (set by Fly); shown in the services view.",
  ),
  FLY_VM_MEMORY_MB: spec(
    text,
    "Memory of the Fly.io machine in MB (set by Fly); `clawfleet doctor` compares the heap limit with it.",
  ),
} as const;

/** Name of a documented environment variable. */
export type ClawEnvVar = keyof typeof CLAW_ENV_VARS;

/** The environment as typed values; unset and empty variables are absent. */
export type ClawEnv = {
  readonly [K in ClawEnvVar]?: z.output<(typeof CLAW_ENV_VARS)[K]["schema"]>;
};

const ClawEnvSchema = z.object(
  Object.fromEntries(
    Object.entries(CLAW_ENV_VARS).map(([name, { schema }]) => [
      name,
      z.preprocess((value) => (value === "" ? undefined : value), schema.optional()),
    ]),
  ),
);

/** Reads every documented variable from `env` (pass `process.env`); throws {@link EnvInvalidError} naming each bad one. */
export function readClawEnv(env: EnvRecord): ClawEnv {
  const picked = Object.fromEntries(Object.keys(CLAW_ENV_VARS).map((name) => [name, env[name]]));
  const result = ClawEnvSchema.safeParse(picked);
  if (!result.success) throw new EnvInvalidError(toConfigIssues(result.error.issues));
  // Absent keys stay absent rather than present-with-undefined.
  return Object.fromEntries(
    Object.entries(result.data).filter(([, value]) => value !== undefined),
  ) as ClawEnv;
}
