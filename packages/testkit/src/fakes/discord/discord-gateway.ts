import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { RawData, WebSocket } from "ws";
import type { RecordLog } from "../shared/record-log.js";
import { createFrameEncoder } from "./discord-frame-encoder.js";
import type { FrameEncoder } from "./discord-frame-encoder.js";
import { guildCreatePayload } from "./discord-guild-create.js";
import { shardOf } from "./discord-snowflake.js";
import { PrivilegedIntents } from "./discord-types.js";
import type { GatewayPayload } from "./discord-types.js";
import type { DiscordBotRecord, DiscordWorld } from "./discord-world.js";

/** Something that happened on the fake gateway, for assertions. */
export interface GatewayLogEntry {
  kind: "connect" | "identify" | "resume" | "heartbeat" | "closed";
  token?: string;
  sessionId?: string;
  path?: string;
  code?: number;
  intents?: number;
}

/** What an event builder sees of the session it builds for. */
export interface GatewaySessionView {
  readonly bot: DiscordBotRecord;
  readonly intents: number;
}

/** Settings of `DiscordGateway`. */
export interface DiscordGatewayOptions {
  heartbeatIntervalMs: number;
  log: RecordLog<GatewayLogEntry>;
}

interface Session extends GatewaySessionView {
  readonly id: string;
  readonly shard: [number, number];
  seq: number;
  readonly events: GatewayPayload[];
  conn: Connection | null;
}

interface Connection {
  readonly ws: WebSocket;
  readonly encoder: FrameEncoder;
  session: Session | null;
  chain: Promise<unknown>;
}

/** Paths the gateway answers: the URL from GET /gateway/bot and the resume_gateway_url. */
export const GatewayPaths = { connect: "/gateway", resume: "/resume-gateway" } as const;

const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceState: 4,
  Resume: 6,
  Reconnect: 7,
  RequestMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;
const SessionEndingCodes = new Set([1000, 1001, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);
const MaxBufferedEvents = 1_000;

/** Discord's gateway over `ws`: HELLO, IDENTIFY/READY/GUILD_CREATE, heartbeats, RESUME with replay, intents, shards. */
export class DiscordGateway {
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  readonly #world: DiscordWorld;
  readonly #options: DiscordGatewayOptions;
  #baseUrl = "";

  constructor(world: DiscordWorld, options: DiscordGatewayOptions) {
    this.#world = world;
    this.#options = options;
  }

  /** Sets the `ws://host:port` the gateway URLs are built from. */
  setBaseUrl(httpBase: string): void {
    this.#baseUrl = httpBase.replace(/^http/, "ws");
  }

  /** The URL GET /gateway/bot hands out. */
  get url(): string {
    return this.#baseUrl + GatewayPaths.connect;
  }

  /** Accepts an HTTP upgrade on one of the gateway paths. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    if (url.pathname !== GatewayPaths.connect && url.pathname !== GatewayPaths.resume) {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#open(ws, url));
  }

  /** Sends a dispatch event to the bot's sessions (the guild's shard only); `build` returns null to skip a session. */
  dispatch(
    token: string,
    event: string,
    build: (session: GatewaySessionView) => unknown,
    guildId?: string,
  ): void {
    for (const session of this.#sessions.values()) {
      if (session.bot.token !== token) continue;
      if (guildId !== undefined && shardOf(guildId, session.shard[1]) !== session.shard[0])
        continue;
      if (guildId === undefined && session.shard[0] !== 0) continue;
      const data = build(session);
      if (data !== null) this.#emit(session, event, data);
    }
  }

  /** Closes the bot's live sockets with `code` (the session stays resumable for 4000-class codes), or kills them abruptly. */
  closeSockets(
    token: string,
    code = 4000,
    reason = "fake: closed by test",
    abrupt = false,
  ): number {
    let closed = 0;
    for (const session of this.#sessions.values()) {
      if (session.bot.token !== token || !session.conn) continue;
      if (abrupt) session.conn.ws.terminate();
      else session.conn.ws.close(code, reason);
      closed += 1;
    }
    return closed;
  }

  /** Sends op 7 Reconnect to the bot's live sockets. */
  requestReconnect(token: string): void {
    for (const session of this.#sessions.values()) {
      if (session.bot.token === token && session.conn)
        this.#send(session.conn, { op: Op.Reconnect, d: null, s: null, t: null });
    }
  }

  /** Terminates every socket and forgets every session. */
  stop(): void {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#sessions.clear();
    this.#wss.close();
  }

  #open(ws: WebSocket, url: URL): void {
    const conn: Connection = {
      ws,
      encoder: createFrameEncoder(url.searchParams.get("compress")),
      session: null,
      chain: Promise.resolve(),
    };
    this.#options.log.push({ kind: "connect", path: url.pathname });
    ws.on("close", (code) => this.#closed(conn, code));
    ws.on("error", () => undefined);
    if (url.searchParams.get("v") !== "10") return ws.close(4012, "Invalid API version");
    if ((url.searchParams.get("encoding") ?? "json") !== "json")
      return ws.close(4002, "fake gateway speaks encoding=json only");
    ws.on("message", (raw, isBinary) => this.#receive(conn, raw, isBinary));
    this.#send(conn, {
      op: Op.Hello,
      d: { heartbeat_interval: this.#options.heartbeatIntervalMs, _trace: ["fake-gateway"] },
      s: null,
      t: null,
    });
  }

  #receive(conn: Connection, raw: RawData, isBinary: boolean): void {
    let payload: Partial<GatewayPayload>;
    try {
      payload = JSON.parse(
        isBinary ? Buffer.from(raw as Buffer).toString("utf8") : raw.toString(),
      ) as Partial<GatewayPayload>;
    } catch {
      return conn.ws.close(4002, "Error while decoding payload.");
    }
    switch (payload.op) {
      case Op.Heartbeat:
        this.#options.log.push({
          kind: "heartbeat",
          ...(conn.session ? { token: conn.session.bot.token, sessionId: conn.session.id } : {}),
        });
        return this.#send(conn, { op: Op.HeartbeatAck, d: null, s: null, t: null });
      case Op.Identify:
        return this.#identify(conn, (payload.d ?? {}) as Record<string, unknown>);
      case Op.Resume:
        return this.#resume(conn, (payload.d ?? {}) as Record<string, unknown>);
      case Op.PresenceUpdate:
      case Op.VoiceState:
      case Op.RequestMembers:
        if (!conn.session) conn.ws.close(4003, "Not authenticated.");
        return;
      default:
        conn.ws.close(4001, "Unknown opcode.");
    }
  }

  #identify(conn: Connection, d: Record<string, unknown>): void {
    if (conn.session) return conn.ws.close(4005, "Already authenticated.");
    const bot = this.#world.bots.get(String(d["token"] ?? "").replace(/^Bot\s+/i, ""));
    if (!bot) return conn.ws.close(4004, "Authentication failed.");
    const [shardId = 0, shardCount = 1] = Array.isArray(d["shard"]) ? (d["shard"] as number[]) : [];
    if (shardCount < 1 || shardId < 0 || shardId >= shardCount)
      return conn.ws.close(4010, "Invalid shard.");
    const intents = d["intents"];
    if (typeof intents !== "number" || !Number.isInteger(intents) || intents < 0)
      return conn.ws.close(4013, "Invalid intent(s).");
    const privileged = intents & PrivilegedIntents;
    if ((privileged & ~bot.privilegedIntents) !== 0)
      return conn.ws.close(4014, "Disallowed intent(s).");
    const session: Session = {
      id: randomBytes(16).toString("hex"),
      bot,
      intents,
      shard: [shardId, shardCount],
      seq: 0,
      events: [],
      conn,
    };
    this.#sessions.set(session.id, session);
    conn.session = session;
    this.#options.log.push({ kind: "identify", token: bot.token, sessionId: session.id, intents });
    const guilds = this.#world
      .guildsOf(bot.token)
      .filter((g) => shardOf(g.id, shardCount) === shardId);
    this.#emit(session, "READY", {
      v: 10,
      user: { ...bot.user, verified: true, mfa_enabled: false, email: null },
      user_settings: {},
      session_type: "normal",
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.#baseUrl + GatewayPaths.resume,
      shard: [shardId, shardCount],
      application: { id: bot.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      _trace: ["fake-gateway"],
    });
    for (const guild of guilds)
      this.#emit(session, "GUILD_CREATE", guildCreatePayload(this.#world, guild));
  }

  #resume(conn: Connection, d: Record<string, unknown>): void {
    const session = this.#sessions.get(String(d["session_id"] ?? ""));
    const token = String(d["token"] ?? "").replace(/^Bot\s+/i, "");
    if (!session || session.bot.token !== token) {
      return this.#send(conn, { op: Op.InvalidSession, d: false, s: null, t: null });
    }
    const seq = typeof d["seq"] === "number" ? d["seq"] : 0;
    if (session.conn && session.conn !== conn)
      session.conn.ws.close(4000, "Session resumed elsewhere");
    session.conn = conn;
    conn.session = session;
    this.#options.log.push({ kind: "resume", token, sessionId: session.id });
    for (const event of session.events) if ((event.s ?? 0) > seq) this.#send(conn, event);
    this.#emit(session, "RESUMED", { _trace: ["fake-gateway"] });
  }

  #emit(session: Session, event: string, data: unknown): void {
    session.seq += 1;
    const payload: GatewayPayload = { op: Op.Dispatch, t: event, s: session.seq, d: data };
    session.events.push(payload);
    if (session.events.length > MaxBufferedEvents) session.events.shift();
    if (session.conn) this.#send(session.conn, payload);
  }

  #send(conn: Connection, payload: GatewayPayload): void {
    conn.chain = conn.chain
      .then(() => conn.encoder.encode(payload))
      .then((frame) => {
        if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(frame);
      })
      .catch(() => undefined);
  }

  #closed(conn: Connection, code: number): void {
    const session = conn.session;
    this.#options.log.push({
      kind: "closed",
      code,
      ...(session ? { token: session.bot.token, sessionId: session.id } : {}),
    });
    if (!session || session.conn !== conn) return;
    session.conn = null;
    if (SessionEndingCodes.has(code)) this.#sessions.delete(session.id);
  }
}
