import type { ChannelAccessConfig } from "@clawfleet/core";
import {
  DEFAULT_ACCOUNT_ID,
  resolveChannelAccounts,
  type ClawEnv,
  type OpenClawConfig,
} from "@clawfleet/config";
import { MIN_STATE_KEY_LENGTH } from "./state-key.js";

/** The platforms this service connects to. */
export const ConnectorChannels = ["telegram", "discord", "whatsapp", "slack", "signal"] as const;
/** One of the platforms this service connects to. */
export type ConnectorChannel = (typeof ConnectorChannels)[number];

/** Everything the service needs to run one bot account, resolved from config and env. */
export interface AccountSpec {
  channel: ConnectorChannel;
  accountId: string;
  enabled: boolean;
  /** Bot token (never logged). */
  token: string | undefined;
  /** Slack app-level token for Socket Mode (never logged). */
  appToken?: string | undefined;
  /** The bot's own number in E.164 (Signal: the signal-cli account). */
  account?: string | undefined;
  /** Discord REST base (`…/api`), Telegram Bot API root, Slack Web API base or the signal-cli daemon URL. */
  apiBase: string | undefined;
  /** `polling`/`webhook` (Telegram), `gateway` (Discord), `web` (WhatsApp), `socket` (Slack), `sse` (Signal). */
  mode: "polling" | "webhook" | "gateway" | "web" | "socket" | "sse";
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  /** Characters per outbound message. */
  chunkLimit: number;
  /** Largest inbound media passed on, in MB (WhatsApp). */
  mediaMaxMb: number;
  /** Whether handled messages are marked read (WhatsApp). */
  sendReadReceipts: boolean;
  /** The account's access rules (channel fields with the account's overrides merged). */
  access: ChannelAccessConfig;
  /** Why the account cannot run as configured; shown in `channels.status`. */
  problem: string | undefined;
}

/** Account ids go into subjects, KV keys and consumer names, so they are restricted to this alphabet. */
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `telegram/default`: how logs and maps name an account. */
export function accountLabel(spec: Pick<AccountSpec, "channel" | "accountId">): string {
  return `${spec.channel}/${spec.accountId}`;
}

/** Whether the service should connect this account. */
export function isRunnable(spec: AccountSpec): boolean {
  return spec.enabled && spec.problem === undefined;
}

/** The settings whose change needs a reconnect (access rules apply live, without one). */
export function connectionFingerprint(spec: AccountSpec): string {
  return JSON.stringify([
    spec.enabled,
    spec.token,
    spec.appToken,
    spec.account,
    spec.apiBase,
    spec.mode,
    spec.webhookUrl,
    spec.webhookSecret,
    spec.problem,
  ]);
}

function telegramSpecs(config: OpenClawConfig, env: ClawEnv): AccountSpec[] {
  const telegram = config.channels.telegram;
  if (!telegram) return [];
  return resolveChannelAccounts(telegram).map(({ accountId, config: account }) => {
    const token =
      account.botToken ?? (accountId === DEFAULT_ACCOUNT_ID ? env.TELEGRAM_BOT_TOKEN : undefined);
    const spec: AccountSpec = {
      channel: "telegram",
      accountId,
      enabled: account.enabled ?? true,
      token,
      apiBase: account.apiRoot ?? env.TELEGRAM_API_ROOT,
      mode: account.webhookUrl ? "webhook" : "polling",
      webhookUrl: account.webhookUrl,
      webhookSecret: account.webhookSecret,
      chunkLimit: account.textChunkLimit ?? 4000,
      mediaMaxMb: 0,
      sendReadReceipts: false,
      access: account,
      problem: undefined,
    };
    spec.problem = commonProblem(
      spec,
      accountId === DEFAULT_ACCOUNT_ID
        ? "channels.telegram.botToken or TELEGRAM_BOT_TOKEN"
        : `channels.telegram.accounts.${accountId}.botToken`,
    );
    if (!spec.problem && spec.webhookUrl && !spec.webhookSecret) {
      spec.problem =
        "channels.telegram.webhookUrl needs webhookSecret, so only Telegram can post updates";
    }
    return spec;
  });
}

function discordSpecs(config: OpenClawConfig, env: ClawEnv): AccountSpec[] {
  const discord = config.channels.discord;
  if (!discord) return [];
  return resolveChannelAccounts(discord).map(({ accountId, config: account }) => {
    const spec: AccountSpec = {
      channel: "discord",
      accountId,
      enabled: account.enabled ?? true,
      token:
        account.token ?? (accountId === DEFAULT_ACCOUNT_ID ? env.DISCORD_BOT_TOKEN : undefined),
      apiBase: account.apiBase ?? env.DISCORD_API_BASE,
      mode: "gateway",
      webhookUrl: undefined,
      webhookSecret: undefined,
      chunkLimit: account.textChunkLimit ?? 2000,
      mediaMaxMb: 0,
      sendReadReceipts: false,
      access: account,
      problem: undefined,
    };
    spec.problem = commonProblem(
      spec,
      accountId === DEFAULT_ACCOUNT_ID
        ? "channels.discord.token or DISCORD_BOT_TOKEN"
        : `channels.discord.accounts.${accountId}.token`,
    );
    return spec;
  });
}

function whatsappSpecs(config: OpenClawConfig, env: ClawEnv): AccountSpec[] {
  const whatsapp = config.channels.whatsapp;
  if (!whatsapp) return [];
  return resolveChannelAccounts(whatsapp).map(({ accountId, config: account }) => {
    const spec: AccountSpec = {
      channel: "whatsapp",
      accountId,
      enabled: account.enabled ?? true,
      // The session's credentials live encrypted on the bus; the state key opens them.
      token: undefined,
      apiBase: undefined,
      mode: "web",
      webhookUrl: undefined,
      webhookSecret: undefined,
      chunkLimit: account.textChunkLimit ?? 4000,
      mediaMaxMb: account.mediaMaxMb ?? 50,
      sendReadReceipts: account.sendReadReceipts ?? true,
      access: account,
      problem: undefined,
    };
    if (!ACCOUNT_ID.test(accountId))
      spec.problem = `account id "${accountId}" must be 1-64 letters, digits, - or _`;
    else if (!env.CLAWFLEET_STATE_KEY || env.CLAWFLEET_STATE_KEY.length < MIN_STATE_KEY_LENGTH)
      spec.problem = `WhatsApp keeps its session encrypted on the bus: set CLAWFLEET_STATE_KEY (at least ${MIN_STATE_KEY_LENGTH} characters, the same on every channels instance)`;
    return spec;
  });
}

function slackSpecs(config: OpenClawConfig, env: ClawEnv): AccountSpec[] {
  const slack = config.channels.slack;
  if (!slack) return [];
  return resolveChannelAccounts(slack).map(({ accountId, config: account }) => {
    const isDefault = accountId === DEFAULT_ACCOUNT_ID;
    const spec: AccountSpec = {
      channel: "slack",
      accountId,
      enabled: account.enabled ?? true,
      token: account.botToken ?? (isDefault ? env.SLACK_BOT_TOKEN : undefined),
      appToken: account.appToken ?? (isDefault ? env.SLACK_APP_TOKEN : undefined),
      apiBase: account.apiUrl ?? env.SLACK_API_URL,
      mode: "socket",
      webhookUrl: undefined,
      webhookSecret: undefined,
      chunkLimit: account.textChunkLimit ?? 4000,
      mediaMaxMb: 0,
      sendReadReceipts: false,
      // Slack's per-channel rules have the shape of Telegram's groups, keyed by channel id.
      access: { ...account, ...(account.channels ? { groups: account.channels } : {}) },
      problem: undefined,
    };
    spec.problem = commonProblem(
      spec,
      isDefault
        ? "channels.slack.botToken or SLACK_BOT_TOKEN"
        : `channels.slack.accounts.${accountId}.botToken`,
    );
    if (!spec.problem && !spec.appToken)
      spec.problem = `no app-level token for Socket Mode: set ${isDefault ? "channels.slack.appToken or SLACK_APP_TOKEN" : `channels.slack.accounts.${accountId}.appToken`}`;
    return spec;
  });
}

/** Where clawfleet finds signal-cli when neither channels.signal.httpUrl nor SIGNAL_CLI_URL says. */
export const DEFAULT_SIGNAL_CLI_URL = "http://127.0.0.1:8080";

function signalSpecs(config: OpenClawConfig, env: ClawEnv): AccountSpec[] {
  const signal = config.channels.signal;
  if (!signal) return [];
  return resolveChannelAccounts(signal).map(({ accountId, config: account }) => {
    const isDefault = accountId === DEFAULT_ACCOUNT_ID;
    const where = isDefault ? "channels.signal" : `channels.signal.accounts.${accountId}`;
    const spec: AccountSpec = {
      channel: "signal",
      accountId,
      enabled: account.enabled ?? true,
      token: undefined,
      account: account.account ?? (isDefault ? env.SIGNAL_ACCOUNT : undefined),
      apiBase: account.httpUrl ?? env.SIGNAL_CLI_URL ?? DEFAULT_SIGNAL_CLI_URL,
      mode: "sse",
      webhookUrl: undefined,
      webhookSecret: undefined,
      chunkLimit: account.textChunkLimit ?? 4000,
      mediaMaxMb: 0,
      sendReadReceipts: false,
      access: account,
      problem: undefined,
    };
    if (!ACCOUNT_ID.test(accountId))
      spec.problem = `account id "${accountId}" must be 1-64 letters, digits, - or _`;
    else if (!spec.account)
      spec.problem = `no Signal number: set ${where}.account${isDefault ? " or SIGNAL_ACCOUNT" : ""} (E.164, e.g. +15551234567)`;
    else if (account.autoStart === true || (account.cliPath && !account.httpUrl))
      spec.problem = `${where}.cliPath/autoStart are not supported: clawfleet runs signal-cli as its own process group (one writer per data directory); set ${where}.httpUrl to its daemon (see docs/deploy-fly.md, Signal)`;
    return spec;
  });
}

function commonProblem(spec: AccountSpec, tokenSource: string): string | undefined {
  if (!ACCOUNT_ID.test(spec.accountId))
    return `account id "${spec.accountId}" must be 1-64 letters, digits, - or _`;
  if (!spec.token) return `no bot token: set ${tokenSource}`;
  return undefined;
}

/** Marks a second enabled account with an already used token: two connections per token would fight (Telegram 409). */
function flagSharedTokens(specs: AccountSpec[]): void {
  const owners = new Map<string, string>();
  for (const spec of specs) {
    const credential = spec.token ?? spec.account;
    if (!isRunnable(spec) || credential === undefined) continue;
    const key = `${spec.channel}\u0000${credential}`;
    const owner = owners.get(key);
    if (owner)
      spec.problem = `uses the same ${spec.token ? "bot token" : "number"} as ${spec.channel} account "${owner}"; one connection per ${spec.token ? "token" : "number"}`;
    else owners.set(key, spec.accountId);
  }
}

/**
 * Every account configured under `channels.telegram|discord|whatsapp|slack|signal`
 * (a channel is configured when its key is present), with env tokens serving the `default` account.
 */
export function resolveAccountSpecs(config: OpenClawConfig, env: ClawEnv): AccountSpec[] {
  const specs = [
    ...telegramSpecs(config, env),
    ...discordSpecs(config, env),
    ...whatsappSpecs(config, env),
    ...slackSpecs(config, env),
    ...signalSpecs(config, env),
  ];
  flagSharedTokens(specs);
  return specs;
}
