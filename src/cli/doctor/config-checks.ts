import { formatIssueLine, OpenClawConfigSchema } from "@clawfleet/config";
import type { DoctorInput } from "./doctor-input.js";
import type { Finding } from "./finding.js";
import { setSecretFix } from "./platform-fix.js";
import { checkVoice } from "./voice-check.js";

/** The config file loads: missing (fine with --allow-unconfigured), invalid (with each path), or valid with warnings. */
export function checkConfig(input: DoctorInput): Finding[] {
  const { config, configFile } = input;
  if (!config.ok && config.missing) {
    return [
      {
        severity: "info",
        check: "config",
        message: `${configFile} does not exist yet`,
        fix: "start the gateway with --allow-unconfigured (it writes a minimal file) or write your openclaw.json there",
      },
    ];
  }
  if (!config.ok) {
    return [
      {
        severity: "error",
        check: "config",
        message: `${configFile} is invalid:\n${config.errors.map((e) => `    ${formatIssueLine(e)}`).join("\n")}`,
        fix: "correct the lines above; `clawfleet config validate` re-checks",
      },
    ];
  }
  const warnings = config.warnings.map((w): Finding => ({
    severity: "warn",
    check: "config",
    message: `${w.path || "(root)"}: ${w.message}`,
  }));
  return [{ severity: "ok", check: "config", message: `${configFile} is valid` }, ...warnings];
}

/** A non-loopback bind needs a token or password, or the gateway refuses to start. */
export function checkGatewayAuth(input: DoctorInput): Finding[] {
  // The same rule as the gateway's listen plan: `auto` is lan in a container or on Fly.
  const loopback = input.bind === "loopback" || (input.bind === "auto" && !input.inContainer);
  const gateway = input.config.ok ? input.config.config.gateway : undefined;
  const hasSecret = Boolean(
    input.env.OPENCLAW_GATEWAY_TOKEN ||
    input.env.OPENCLAW_GATEWAY_PASSWORD ||
    gateway?.auth?.token ||
    gateway?.auth?.password,
  );
  if (loopback)
    return [
      {
        severity: "ok",
        check: "gateway auth",
        message: `bind ${input.bind} is loopback-only${hasSecret ? "; a token is set too" : ""}`,
      },
    ];
  if (hasSecret)
    return [
      {
        severity: "ok",
        check: "gateway auth",
        message: `bind ${input.bind} is reachable from the network and a token/password is set`,
      },
    ];
  return [
    {
      severity: "error",
      check: "gateway auth",
      message: `bind ${input.bind} without OPENCLAW_GATEWAY_TOKEN: the gateway refuses to start`,
      fix: setSecretFix(input.env, "OPENCLAW_GATEWAY_TOKEN=$(openssl rand -hex 32)"),
    },
  ];
}

/** The agents' model when `agents.defaults.model.primary` is not set (theirs: DEFAULT_MODEL). */
const DEFAULT_PRIMARY_MODEL = "anthropic/claude-opus-4-5";

/** Every enabled channel, the voice plugin and the primary model have their credentials. */
export function checkCredentials(input: DoctorInput): Finding[] {
  // No file yet is what `all --allow-unconfigured` runs with: check the defaults' needs then.
  if (!input.config.ok && !input.config.missing) return [];
  const config = input.config.ok ? input.config.config : OpenClawConfigSchema.parse({});
  const env = input.env;
  const findings: Finding[] = [];
  const need = (check: string, present: boolean, message: string, fix: string) =>
    findings.push(
      present
        ? { severity: "ok", check, message: `${message}: set` }
        : { severity: "error", check, message: `${message}: missing`, fix },
    );
  const discord = config.channels.discord;
  if (discord && discord.enabled !== false)
    need(
      "discord",
      Boolean(
        discord.token ||
        env.DISCORD_BOT_TOKEN ||
        Object.values(discord.accounts ?? {}).some((a) => a.token),
      ),
      "Discord bot token",
      setSecretFix(env, "DISCORD_BOT_TOKEN=…"),
    );
  const telegram = config.channels.telegram;
  if (telegram && telegram.enabled !== false)
    need(
      "telegram",
      Boolean(
        telegram.botToken ||
        env.TELEGRAM_BOT_TOKEN ||
        Object.values(telegram.accounts ?? {}).some((a) => a.botToken),
      ),
      "Telegram bot token",
      setSecretFix(env, "TELEGRAM_BOT_TOKEN=…"),
    );
  findings.push(...checkVoice(config, env));
  const primary = config.agents.defaults.model?.primary ?? DEFAULT_PRIMARY_MODEL;
  const provider = primary?.split("/")[0];
  const keyVar = provider
    ? (
        {
          anthropic: "ANTHROPIC_API_KEY",
          openai: "OPENAI_API_KEY",
          google: "GOOGLE_API_KEY",
        } as Record<string, string>
      )[provider]
    : undefined;
  const custom = provider ? config.models.providers[provider] : undefined;
  if (keyVar && !custom?.apiKey)
    need(
      "models",
      Boolean(env[keyVar]),
      `${keyVar} for ${primary}`,
      setSecretFix(env, `${keyVar}=…`),
    );
  return findings;
}
