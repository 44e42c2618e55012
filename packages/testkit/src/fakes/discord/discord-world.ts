import { dmChannel, textChannel, threadChannel, userObject } from "./discord-payloads.js";
import { nextSnowflake } from "./discord-snowflake.js";
import { DiscordApiError, DiscordChannelType, PrivilegedIntents } from "./discord-types.js";
import type { DiscordChannel, DiscordMessage, DiscordUser } from "./discord-types.js";

/** How a test registers a bot application with the fake. */
export interface DiscordBotInit {
  token: string;
  username: string;
  /** The bot user id; random when omitted. */
  id?: string;
  /** Privileged intents enabled for the application (dev portal switches); default all. */
  privilegedIntents?: number;
}

/** A registered bot. */
export interface DiscordBotRecord {
  readonly token: string;
  readonly user: DiscordUser;
  readonly applicationId: string;
  readonly privilegedIntents: number;
}

/** A channel to create with a guild: a name (text channel) or a thread under a named parent. */
export type DiscordChannelInit = string | { name: string; thread?: boolean; parent?: string };

/** How a test creates a guild. */
export interface DiscordGuildInit {
  name: string;
  id?: string;
  channels?: DiscordChannelInit[];
  /** Tokens of the bots that are members; default every bot registered so far. */
  bots?: string[];
}

/** A guild as the fake stores it. */
export interface DiscordGuildRecord {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly joinedAt: string;
  readonly channels: DiscordChannel[];
  readonly botTokens: Set<string>;
  readonly memberIds: Set<string>;
}

/** Everything the Discord fake knows: bots, users, guilds, channels, DMs and messages. */
export class DiscordWorld {
  readonly bots = new Map<string, DiscordBotRecord>();
  readonly users = new Map<string, DiscordUser>();
  readonly guilds = new Map<string, DiscordGuildRecord>();
  readonly channels = new Map<string, DiscordChannel>();
  readonly messages = new Map<string, DiscordMessage>();
  readonly #dms = new Map<string, string>();

  /** Registers a bot. */
  addBot(init: DiscordBotInit): DiscordBotRecord {
    const user = userObject(init.id ?? nextSnowflake(), init.username, true);
    const record = {
      token: init.token,
      user,
      applicationId: user.id,
      privilegedIntents: init.privilegedIntents ?? PrivilegedIntents,
    };
    this.bots.set(init.token, record);
    this.users.set(user.id, user);
    return record;
  }

  /** Registers a human user. */
  addUser(username: string, id: string = nextSnowflake()): DiscordUser {
    const user = userObject(id, username);
    this.users.set(id, user);
    return user;
  }

  /** Creates a guild with its channels and threads; the first human user seen owns it. */
  addGuild(init: DiscordGuildInit): DiscordGuildRecord {
    const id = init.id ?? nextSnowflake();
    const botTokens = new Set(init.bots ?? this.bots.keys());
    const firstBot = this.bots.get([...botTokens][0] ?? "");
    const guild: DiscordGuildRecord = {
      id,
      name: init.name,
      ownerId: firstBot?.user.id ?? nextSnowflake(),
      joinedAt: new Date().toISOString(),
      channels: [],
      botTokens,
      memberIds: new Set([...botTokens].map((t) => this.bots.get(t)?.user.id ?? "")),
    };
    this.guilds.set(id, guild);
    for (const [position, entry] of (init.channels ?? ["general"]).entries()) {
      const spec = typeof entry === "string" ? { name: entry } : entry;
      let channel: DiscordChannel;
      if (spec.thread) {
        const parent = this.channelByName(id, spec.parent ?? "");
        if (!parent)
          throw new Error(
            `discord fake: thread "${spec.name}" needs an existing parent channel, got "${spec.parent ?? ""}"`,
          );
        channel = threadChannel(nextSnowflake(), id, parent.id, spec.name, guild.ownerId);
      } else {
        channel = textChannel(nextSnowflake(), id, spec.name, position);
      }
      guild.channels.push(channel);
      this.channels.set(channel.id, channel);
    }
    return guild;
  }

  /** A guild channel or thread by name. */
  channelByName(guildId: string, name: string): DiscordChannel | undefined {
    return this.guilds.get(guildId)?.channels.find((c) => c.name === name.replace(/^#/, ""));
  }

  /** The DM channel between a bot and a user, created on first use. */
  dmChannelFor(bot: DiscordBotRecord, user: DiscordUser): DiscordChannel {
    const key = `${bot.user.id}:${user.id}`;
    const existing = this.channels.get(this.#dms.get(key) ?? "");
    if (existing) return existing;
    const channel = dmChannel(nextSnowflake(), user);
    this.#dms.set(key, channel.id);
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The bot a DM channel belongs to. */
  dmOwner(channelId: string): string | undefined {
    for (const [key, id] of this.#dms) if (id === channelId) return key.split(":")[0];
    return undefined;
  }

  /** The guilds a bot is a member of. */
  guildsOf(token: string): DiscordGuildRecord[] {
    return [...this.guilds.values()].filter((g) => g.botTokens.has(token));
  }

  /** A channel the bot may use: 404 Unknown Channel when it does not exist, 403 Missing Access when not the bot's. */
  accessibleChannel(bot: DiscordBotRecord, channelId: string): DiscordChannel {
    const channel = this.channels.get(channelId);
    if (!channel) throw new DiscordApiError(404, 10003, "Unknown Channel");
    const allowed =
      channel.type === DiscordChannelType.DM
        ? this.dmOwner(channel.id) === bot.user.id
        : this.guilds.get(channel.guild_id ?? "")?.botTokens.has(bot.token) === true;
    if (!allowed) throw new DiscordApiError(403, 50001, "Missing Access");
    return channel;
  }
}
