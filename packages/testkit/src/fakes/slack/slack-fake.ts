import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { randomUUID } from "node:crypto";
import { WebSocketServer, type WebSocket } from "ws";
import { FakeFiles } from "../shared/fake-files.js";
import { FakeHttpServer } from "../shared/fake-http-server.js";
import { parseBody, readBody } from "../shared/request-body.js";

/** A message the bot posted (`chat.postMessage`). */
export interface SlackPosted {
  channel: string;
  text: string;
  threadTs?: string;
  ts: string;
}

/** A file the bot shared through the external upload flow (getUploadURLExternal → upload → completeUploadExternal). */
export interface SlackUpload {
  channel: string;
  fileId: string;
  filename: string;
  bytes: Buffer;
  threadTs?: string;
  initialComment?: string;
}

/** Options of an injected message. */
export interface SlackMessageOptions {
  /** `im` (DM), `channel`, `group` (private channel) or `mpim`. */
  channelType?: "im" | "channel" | "group" | "mpim";
  threadTs?: string;
  /** Files shared with the message (`subtype: file_share`), served at each file's `url_private`. */
  files?: { name: string; mimetype: string; bytes: Uint8Array; expired?: boolean }[];
}

/**
 * A fake Slack for Bolt in Socket Mode: the Web API methods Bolt and the adapter call
 * (`auth.test`, `apps.connections.open`, `chat.postMessage`, with Slack's `{ok, error}` bodies,
 * 429 + `Retry-After` on demand) and the Socket Mode WebSocket (`hello`, `events_api` envelopes
 * that the client must acknowledge with their `envelope_id`).
 */
export class SlackFake {
  readonly posted: SlackPosted[] = [];
  /** Scopes the bot token lacks (`files:write` refuses uploads with Slack's `missing_scope`). */
  readonly missingScopes = new Set<string>();
  /** Files shared in channels, in completion order. */
  readonly uploads: SlackUpload[] = [];
  /** Upload URLs handed out and what was uploaded to them (bytes once the upload arrived). */
  readonly #pendingUploads = new Map<
    string,
    { filename: string; length: number; token: string; bytes?: Buffer }
  >();
  /** Envelope ids the client acknowledged. */
  readonly acked: string[] = [];
  /** Open Socket Mode connections (the account's holder has one). */
  readonly sockets = new Set<WebSocket>();
  /** Files behind `url_private` (`/files-pri/…`); a download without a bot token gets Slack's login page. */
  readonly files = new FakeFiles();
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #server: FakeHttpServer;
  readonly #bots = new Map<string, { userId: string; botId: string; name: string }>();
  readonly #appTokens = new Set<string>();
  #rateLimits = 0;
  #url = "";
  #ts = 1_700_000_000;

  constructor() {
    this.#server = new FakeHttpServer(
      (req, res) => this.#api(req, res),
      (req, socket, head) => this.#upgrade(req, socket, head),
    );
  }

  /** Base of the Web API (`slackApiUrl`), e.g. `http://127.0.0.1:1234/api/`. */
  get apiUrl(): string {
    return `${this.#url}/api/`;
  }

  async start(): Promise<void> {
    this.#url = await this.#server.start();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.#wss.close();
    await this.#server.stop();
  }

  /** Registers a bot token (xoxb-) and an app token (xapp-). */
  addApp(botToken: string, appToken: string, name = "claw"): { userId: string } {
    const userId = `U0BOT${this.#bots.size + 1}`;
    this.#bots.set(botToken, { userId, botId: `B0BOT${this.#bots.size + 1}`, name });
    this.#appTokens.add(appToken);
    return { userId };
  }

  /** The next `n` `chat.postMessage` calls answer 429 with `Retry-After: 1`. */
  rateLimitNext(n = 1): void {
    this.#rateLimits += n;
  }

  /** Pushes a message event to every open Socket Mode connection; returns its `ts`. */
  message(channel: string, user: string, text: string, options: SlackMessageOptions = {}): string {
    const ts = `${++this.#ts}.000100`;
    const event = {
      type: "message",
      channel,
      user,
      text,
      ts,
      event_ts: ts,
      channel_type: options.channelType ?? (channel.startsWith("D") ? "im" : "channel"),
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      ...(options.files
        ? { subtype: "file_share", files: options.files.map((f) => this.#file(f)) }
        : {}),
    };
    const envelope = {
      envelope_id: randomUUID(),
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: "",
      payload: {
        token: "verification",
        team_id: "T0TEAM",
        api_app_id: "A0APP",
        type: "event_callback",
        event_id: `Ev${ts.replace(".", "")}`,
        event_time: Math.floor(Date.now() / 1000),
        event,
      },
    };
    const open = [...this.sockets];
    if (open.length === 0) throw new Error("no Socket Mode connection is open");
    for (const socket of open) socket.send(JSON.stringify(envelope));
    return ts;
  }

  /** Messages posted to `channel`, in order. */
  postedTo(channel: string): SlackPosted[] {
    return this.posted.filter((p) => p.channel === channel);
  }

  /** Resolves once `n` messages were posted to `channel`. */
  async waitForPosted(channel: string, n = 1, timeoutMs = 15_000): Promise<SlackPosted[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.postedTo(channel).length < n) {
      if (Date.now() > deadline)
        throw new Error(
          `expected ${n} Slack messages in ${channel} within ${timeoutMs} ms, got ${JSON.stringify(this.postedTo(channel))}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.postedTo(channel);
  }

  #file(file: { name: string; mimetype: string; bytes: Uint8Array; expired?: boolean }) {
    const id = `F0${randomUUID().replace(/-/g, "").slice(0, 9).toUpperCase()}`;
    const path = `/files-pri/T0TEAM-${id}/${encodeURIComponent(file.name)}`;
    if (!file.expired) this.files.put(path, { bytes: file.bytes, contentType: file.mimetype });
    return {
      id,
      name: file.name,
      title: file.name,
      mimetype: file.mimetype,
      filetype: file.name.split(".").pop() ?? "binary",
      size: file.bytes.byteLength,
      mode: "hosted",
      url_private: `${this.#url}${path}`,
      url_private_download: `${this.#url}${path.replace(/\/([^/]+)$/, "/download/$1")}`,
    };
  }

  async #api(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if ((req.url ?? "").startsWith("/upload/")) return this.#upload(req, res);
    if ((req.url ?? "").startsWith("/files-pri/")) {
      const auth = req.headers.authorization ?? "";
      if (!this.#bots.has(auth.replace(/^Bearer /, ""))) {
        // Slack answers a file URL without a valid token with its sign-in page, not an error.
        res
          .writeHead(200, { "content-type": "text/html" })
          .end("<!DOCTYPE html><title>Slack</title>");
        return;
      }
      return this.files.serve(res, (req.url ?? "").split("?")[0] ?? "", auth);
    }
    const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
    const body = await parseBody(req, await readBody(req));
    const token =
      (req.headers.authorization ?? "").replace(/^Bearer /, "") || String(body.token ?? "");
    const reply = (status: number, payload: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    if (method === "apps.connections.open") {
      if (!this.#appTokens.has(token)) return reply(200, { ok: false, error: "invalid_auth" });
      const host = this.#url.replace(/^http/, "ws");
      return reply(200, { ok: true, url: `${host}/link/?ticket=${randomUUID()}` });
    }
    const bot = this.#bots.get(token);
    if (!bot) return reply(200, { ok: false, error: "invalid_auth" });
    switch (method) {
      case "auth.test":
        return reply(200, {
          ok: true,
          url: "https://fake.slack.com/",
          team: "Fake",
          user: bot.name,
          team_id: "T0TEAM",
          user_id: bot.userId,
          bot_id: bot.botId,
        });
      case "chat.postMessage": {
        if (this.#rateLimits > 0) {
          this.#rateLimits -= 1;
          return reply(429, { ok: false, error: "ratelimited" }, { "retry-after": "1" });
        }
        const channel = String(body.channel ?? "");
        if (!channel) return reply(200, { ok: false, error: "channel_not_found" });
        const ts = `${++this.#ts}.000200`;
        const threadTs = body.thread_ts === undefined ? undefined : String(body.thread_ts);
        this.posted.push({
          channel,
          text: String(body.text ?? ""),
          ts,
          ...(threadTs ? { threadTs } : {}),
        });
        return reply(200, { ok: true, channel, ts, message: { text: body.text, ts } });
      }
      case "files.getUploadURLExternal": {
        if (this.missingScopes.has("files:write"))
          return reply(200, {
            ok: false,
            error: "missing_scope",
            needed: "files:write",
            provided: "chat:write",
          });
        const filename = String(body.filename ?? "");
        const length = Number(body.length);
        if (!filename) return reply(200, { ok: false, error: "invalid_arguments" });
        if (!Number.isInteger(length) || length <= 0)
          return reply(200, { ok: false, error: "invalid_arguments" });
        const fileId = `F${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`;
        this.#pendingUploads.set(fileId, { filename, length, token });
        return reply(200, {
          ok: true,
          upload_url: `${this.#url}/upload/v1/${fileId}`,
          file_id: fileId,
        });
      }
      case "files.completeUploadExternal":
        return reply(200, this.#complete(body));
      default:
        return reply(200, { ok: false, error: "unknown_method" });
    }
  }

  /** The upload URL: the file's bytes, raw or as the one file part of a multipart body. */
  async #upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fileId = (req.url ?? "").split("?")[0]!.split("/").at(-1) ?? "";
    const pending = this.#pendingUploads.get(fileId);
    const raw = await readBody(req);
    if (!pending) {
      res.writeHead(404, { "content-type": "text/plain" }).end("unknown upload");
      return;
    }
    let bytes = raw;
    if (String(req.headers["content-type"] ?? "").includes("multipart/form-data")) {
      const parts = Object.values(await parseBody(req, raw));
      const file = parts.find((p) => typeof p === "object" && p !== null && "bytes" in p);
      bytes = file ? (file as { bytes: Buffer }).bytes : Buffer.alloc(0);
    }
    pending.bytes = bytes;
    res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${bytes.length}`);
  }

  /** files.completeUploadExternal: shares the uploaded files in `channel_id` (Slack's errors otherwise). */
  #complete(body: Record<string, unknown>): object {
    let files: { id?: string; title?: string }[];
    try {
      files = typeof body.files === "string" ? JSON.parse(body.files) : (body.files as never);
    } catch {
      return { ok: false, error: "invalid_arguments" };
    }
    if (!Array.isArray(files) || files.length === 0)
      return { ok: false, error: "invalid_arguments" };
    const channel = body.channel_id === undefined ? undefined : String(body.channel_id);
    const shared = [];
    for (const file of files) {
      const pending = this.#pendingUploads.get(String(file.id));
      if (!pending?.bytes) return { ok: false, error: "file_not_found" };
      if (pending.bytes.length !== pending.length)
        return { ok: false, error: "file_upload_size_mismatch" };
      this.#pendingUploads.delete(String(file.id));
      if (channel)
        this.uploads.push({
          channel,
          fileId: String(file.id),
          filename: pending.filename,
          bytes: pending.bytes,
          ...(body.thread_ts ? { threadTs: String(body.thread_ts) } : {}),
          ...(body.initial_comment ? { initialComment: String(body.initial_comment) } : {}),
        });
      shared.push({ id: file.id, name: pending.filename, title: file.title ?? pending.filename });
    }
    return { ok: true, files: shared };
  }

  /** Files shared in `channel`, in order. */
  uploadsTo(channel: string): SlackUpload[] {
    return this.uploads.filter((u) => u.channel === channel);
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!(req.url ?? "").startsWith("/link")) {
      socket.destroy();
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.add(ws);
      ws.on("close", () => this.sockets.delete(ws));
      ws.on("message", (data) => {
        const frame = JSON.parse(String(data)) as { envelope_id?: string };
        if (frame.envelope_id) this.acked.push(frame.envelope_id);
      });
      ws.send(
        JSON.stringify({
          type: "hello",
          num_connections: this.sockets.size,
          debug_info: { host: "fake", approximate_connection_time: 3600 },
          connection_info: { app_id: "A0APP" },
        }),
      );
    });
  }
}
