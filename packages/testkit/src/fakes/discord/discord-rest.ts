import { messageObject, parseMentions } from "./discord-payloads.js";
import { nextSnowflake } from "./discord-snowflake.js";
import { DiscordApiError, DiscordChannelType } from "./discord-types.js";
import type { DiscordChannel, DiscordMessage } from "./discord-types.js";
import type { DiscordBotRecord, DiscordWorld } from "./discord-world.js";

/** Names of the REST routes the fake serves (use them to aim faults). */
export const DiscordRoutes = {
  getGatewayBot: "getGatewayBot",
  getGateway: "getGateway",
  getCurrentUser: "getCurrentUser",
  getUser: "getUser",
  getCurrentApplication: "getCurrentApplication",
  createDM: "createDM",
  getChannel: "getChannel",
  createMessage: "createMessage",
  getMessage: "getMessage",
  editMessage: "editMessage",
  deleteMessage: "deleteMessage",
  triggerTyping: "triggerTyping",
} as const;

/** A REST route name. */
export type DiscordRouteName = (typeof DiscordRoutes)[keyof typeof DiscordRoutes];

/** What a route handler works with. */
export interface DiscordRestContext {
  world: DiscordWorld;
  /** The authenticated bot (routes with `auth: false` get null). */
  bot: DiscordBotRecord | null;
  /** Captured path parameters. */
  params: string[];
  body: Record<string, unknown>;
  gatewayUrl: string;
  /** Announces a new or edited message to the gateway. */
  publish: (
    event: "MESSAGE_CREATE" | "MESSAGE_UPDATE",
    message: DiscordMessage,
    channel: DiscordChannel,
  ) => void;
}

/** A route handler's answer: status and JSON body (undefined body = 204). */
export interface DiscordRestAnswer {
  status: number;
  body?: unknown;
}

interface RouteDef {
  name: DiscordRouteName;
  method: string;
  pattern: RegExp;
  auth: boolean;
  handle: (ctx: DiscordRestContext) => DiscordRestAnswer;
}

function requireBot(ctx: DiscordRestContext): DiscordBotRecord {
  if (!ctx.bot) throw new DiscordApiError(401, 0, "401: Unauthorized");
  return ctx.bot;
}

const MaxContentLength = 2_000;

function invalidForm(field: string, code: string, message: string): DiscordApiError {
  return new DiscordApiError(400, 50035, "Invalid Form Body", {
    [field]: { _errors: [{ code, message }] },
  });
}

/** Discord takes uploads up to 10 MiB per file for bots without boosts. */
const MaxUploadBytes = 10 * 1024 * 1024;

/** The attachment objects of the `files[n]` parts of a multipart createMessage (bytes kept in the recorded body). */
function uploadedAttachments(
  body: Record<string, unknown>,
  messageId: string,
  channelId: string,
): unknown[] {
  return Object.keys(body)
    .filter((key) => /^files\[\d+\]$/.test(key))
    .map((key, index) => {
      const file = body[key] as { filename?: string; type?: string; bytes?: Buffer };
      if (!file.bytes) throw invalidForm(key, "BASE_TYPE_REQUIRED", "This field is required");
      if (file.bytes.length > MaxUploadBytes)
        throw new DiscordApiError(413, 40005, "Request entity too large");
      const filename = file.filename ?? `file${index}`;
      const url = `https://cdn.discordapp.com/attachments/${channelId}/${messageId}/${encodeURIComponent(filename)}`;
      return {
        id: `${messageId}${index}`,
        filename,
        size: file.bytes.length,
        url,
        proxy_url: url,
        content_type: file.type || "application/octet-stream",
      };
    });
}

function createMessage(ctx: DiscordRestContext): DiscordRestAnswer {
  const { world, params, body, publish } = ctx;
  const bot = requireBot(ctx);
  const channel = world.accessibleChannel(bot, params[0] ?? "");
  const payload =
    typeof body["payload_json"] === "string"
      ? (JSON.parse(body["payload_json"]) as Record<string, unknown>)
      : body;
  const content = typeof payload["content"] === "string" ? payload["content"] : "";
  const embeds = Array.isArray(payload["embeds"]) ? payload["embeds"] : [];
  if (content.length > MaxContentLength)
    throw invalidForm("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
  if (
    content.trim() === "" &&
    embeds.length === 0 &&
    !Object.keys(body).some((k) => k.startsWith("files["))
  ) {
    throw new DiscordApiError(400, 50006, "Cannot send an empty message");
  }
  const reference = payload["message_reference"] as
    { message_id?: string; fail_if_not_exists?: boolean } | undefined;
  let referenced: DiscordMessage | undefined;
  if (reference?.message_id !== undefined) {
    referenced = world.messages.get(String(reference.message_id));
    if (referenced && referenced.channel_id !== channel.id) referenced = undefined;
    if (!referenced && reference.fail_if_not_exists !== false) {
      throw invalidForm(
        "message_reference",
        "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
        "Unknown message",
      );
    }
  }
  const allowed = payload["allowed_mentions"] as { replied_user?: boolean } | undefined;
  const mentions = parseMentions(content, (id) => world.users.get(id));
  if (
    referenced &&
    allowed?.replied_user !== false &&
    !mentions.some((u) => u.id === referenced.author.id)
  )
    mentions.push(referenced.author);
  const nonce = payload["nonce"];
  const message = messageObject({
    id: nextSnowflake(),
    channelId: channel.id,
    author: bot.user,
    content,
    mentions,
    embeds,
    ...(referenced ? { referenced } : {}),
    ...(channel.guild_id ? { guildId: channel.guild_id } : {}),
    ...(typeof nonce === "string" || typeof nonce === "number" ? { nonce } : {}),
    ...(payload["tts"] === true ? { tts: true } : {}),
  });
  message.attachments = uploadedAttachments(body, message.id, channel.id);
  world.messages.set(message.id, message);
  channel.last_message_id = message.id;
  publish("MESSAGE_CREATE", message, channel);
  return { status: 200, body: message };
}

function existingMessage(
  world: DiscordWorld,
  bot: DiscordBotRecord,
  params: string[],
): { channel: DiscordChannel; message: DiscordMessage } {
  const channel = world.accessibleChannel(bot, params[0] ?? "");
  const message = world.messages.get(params[1] ?? "");
  if (!message || message.channel_id !== channel.id)
    throw new DiscordApiError(404, 10008, "Unknown Message");
  return { channel, message };
}

function editMessage(ctx: DiscordRestContext): DiscordRestAnswer {
  const { world, params, body, publish } = ctx;
  const bot = requireBot(ctx);
  const { channel, message } = existingMessage(world, bot, params);
  if (message.author.id !== bot.user.id)
    throw new DiscordApiError(403, 50005, "Cannot edit a message authored by another user");
  const content = typeof body["content"] === "string" ? body["content"] : message.content;
  if (content.length > MaxContentLength)
    throw invalidForm("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
  const edited: DiscordMessage = {
    ...message,
    content,
    edited_timestamp: new Date().toISOString(),
  };
  world.messages.set(edited.id, edited);
  publish("MESSAGE_UPDATE", edited, channel);
  return { status: 200, body: edited };
}

const Routes: readonly RouteDef[] = [
  {
    name: "getGatewayBot",
    method: "GET",
    pattern: /^\/gateway\/bot$/,
    auth: true,
    handle: ({ gatewayUrl }) => ({
      status: 200,
      body: {
        url: gatewayUrl,
        shards: 1,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 14_400_000,
          max_concurrency: 1,
        },
      },
    }),
  },
  {
    name: "getGateway",
    method: "GET",
    pattern: /^\/gateway$/,
    auth: false,
    handle: ({ gatewayUrl }) => ({ status: 200, body: { url: gatewayUrl } }),
  },
  {
    name: "getCurrentUser",
    method: "GET",
    pattern: /^\/users\/@me$/,
    auth: true,
    handle: (ctx) => ({ status: 200, body: requireBot(ctx).user }),
  },
  {
    name: "getUser",
    method: "GET",
    pattern: /^\/users\/(\d+)$/,
    auth: true,
    handle: ({ world, params }) => {
      const user = world.users.get(params[0] ?? "");
      if (!user) throw new DiscordApiError(404, 10013, "Unknown User");
      return { status: 200, body: user };
    },
  },
  {
    name: "getCurrentApplication",
    method: "GET",
    pattern: /^\/(?:applications|oauth2\/applications)\/@me$/,
    auth: true,
    handle: (ctx) => {
      const bot = requireBot(ctx);
      return {
        status: 200,
        body: {
          id: bot.applicationId,
          name: bot.user.username,
          icon: null,
          description: "",
          bot_public: true,
          bot_require_code_grant: false,
          flags: 0,
          bot: bot.user,
          owner: bot.user,
        },
      };
    },
  },
  {
    name: "createDM",
    method: "POST",
    pattern: /^\/users\/@me\/channels$/,
    auth: true,
    handle: (ctx) => {
      const bot = requireBot(ctx);
      const user = ctx.world.users.get(String(ctx.body["recipient_id"] ?? ""));
      if (!user) throw invalidForm("recipient_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.");
      return { status: 200, body: ctx.world.dmChannelFor(bot, user) };
    },
  },
  {
    name: "getChannel",
    method: "GET",
    pattern: /^\/channels\/(\d+)$/,
    auth: true,
    handle: (ctx) => ({
      status: 200,
      body: ctx.world.accessibleChannel(requireBot(ctx), ctx.params[0] ?? ""),
    }),
  },
  {
    name: "createMessage",
    method: "POST",
    pattern: /^\/channels\/(\d+)\/messages$/,
    auth: true,
    handle: createMessage,
  },
  {
    name: "getMessage",
    method: "GET",
    pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
    auth: true,
    handle: (ctx) => ({
      status: 200,
      body: existingMessage(ctx.world, requireBot(ctx), ctx.params).message,
    }),
  },
  {
    name: "editMessage",
    method: "PATCH",
    pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
    auth: true,
    handle: editMessage,
  },
  {
    name: "deleteMessage",
    method: "DELETE",
    pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
    auth: true,
    handle: (ctx) => {
      ctx.world.messages.delete(existingMessage(ctx.world, requireBot(ctx), ctx.params).message.id);
      return { status: 204 };
    },
  },
  {
    name: "triggerTyping",
    method: "POST",
    pattern: /^\/channels\/(\d+)\/typing$/,
    auth: true,
    handle: (ctx) => {
      const channel = ctx.world.accessibleChannel(requireBot(ctx), ctx.params[0] ?? "");
      if (channel.type === DiscordChannelType.GuildCategory)
        throw new DiscordApiError(400, 50008, "Cannot send messages in a non-text channel");
      return { status: 204 };
    },
  },
];

/** Finds the route for a method and path below `/api/v10`; `methodMismatch` when only the method is wrong. */
export function matchRoute(
  method: string,
  path: string,
): { route: RouteDef; params: string[] } | "methodMismatch" | null {
  let pathMatched = false;
  for (const route of Routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.method === method) return { route, params: match.slice(1).map((p) => p ?? "") };
  }
  return pathMatched ? "methodMismatch" : null;
}
