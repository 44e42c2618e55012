import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { FakeHttpServer } from "../shared/fake-http-server.js";
import { readBody } from "../shared/request-body.js";

/** A message the bot sent through `send`. */
export interface SignalSent {
  account: string;
  /** The DM recipient (number or uuid), absent for a group. */
  recipient?: string;
  groupId?: string;
  message: string;
  quoteTimestamp?: number;
  timestamp: number;
  /** Attachments sent as data URIs (`data:<type>;filename=<name>;base64,<data>`), decoded. */
  attachments?: { contentType: string; filename?: string; bytes: Buffer }[];
}

const DATA_URI = /^data:([^;,]+)(?:;filename=([^;,]*))?;base64,([A-Za-z0-9+/]*={0,2})$/;

/** Decodes `send`'s `attachments`: RFC 2397 data URIs with an optional file name, as signal-cli takes them (paths would be files on the daemon's disk, which the fake has none of). */
function decodeAttachments(
  value: unknown,
): { ok: true; files: NonNullable<SignalSent["attachments"]> } | { ok: false; message: string } {
  const files: NonNullable<SignalSent["attachments"]> = [];
  for (const entry of ([] as unknown[]).concat(value ?? [])) {
    const match = typeof entry === "string" ? DATA_URI.exec(entry) : null;
    if (!match)
      return {
        ok: false,
        message: `Failed to add attachment "${String(entry).slice(0, 60)}": No such file`,
      };
    files.push({
      contentType: match[1]!,
      ...(match[2] ? { filename: match[2] } : {}),
      bytes: Buffer.from(match[3]!, "base64"),
    });
  }
  return { ok: true, files };
}

/** A file a sender attaches to a message. */
export interface SignalFakeAttachment {
  contentType: string;
  filename?: string;
  bytes: Uint8Array;
  /** false: signal-cli did not download it (no `id` in the envelope, as with `--ignore-attachments`). */
  downloaded?: boolean;
}

/** Someone who writes to the bot: a number, or a uuid only (number hidden). */
export interface SignalFakeSender {
  number?: string;
  uuid?: string;
  name?: string;
}

/** Options of an injected group message. */
export interface SignalGroupOptions {
  /** Mentions the bot (U+FFFC placeholder + `mentions` entry), as Signal's apps do. */
  mentionBot?: boolean;
  groupName?: string;
}

interface FakeAccount {
  number: string;
  uuid: string;
  /** Envelopes waiting on "Signal's servers" while no event stream is open. */
  queue: object[];
  streams: Set<ServerResponse>;
}

interface PendingLink {
  uri: string;
  finish: (number: string) => void;
}

/**
 * A fake signal-cli daemon (`signal-cli daemon --http --receive-mode on-connection`, multi-account
 * mode) speaking its wire format: JSON-RPC 2.0 on `POST /api/v1/rpc` (`listAccounts`, `send`,
 * `sendTyping`, `getAttachment`, `startLink`, `finishLink`, `version`; errors with signal-cli's codes, e.g. -32602
 * for an unknown account and -5 with `retryAfterSeconds` for a rate limit), the event stream on
 * `GET /api/v1/events?account=` (`event:receive` + `data:{account, envelope}` lines, `:` keep-alives)
 * and `GET /api/v1/check`. As with on-connection receiving, messages that arrive while no stream is
 * open stay queued (on Signal's servers) and are delivered when one opens.
 */
export class SignalCliFake {
  readonly sent: SignalSent[] = [];
  /** `sendTyping` calls, as `recipient` or `group:<id>`. */
  readonly typing: string[] = [];
  /** Every JSON-RPC method called, in order. */
  readonly calls: string[] = [];
  readonly #server: FakeHttpServer;
  readonly #accounts = new Map<string, FakeAccount>();
  #links: PendingLink[] = [];
  #rateLimits = 0;
  #clock = 1_700_000_000_000;
  #keepAlive: NodeJS.Timeout | undefined;

  constructor(private readonly keepAliveMs = 15_000) {
    this.#server = new FakeHttpServer((req, res) => this.#handle(req, res));
  }

  /** The daemon's base URL, e.g. `http://127.0.0.1:1234` (`channels.signal.httpUrl`). */
  get url(): string {
    return this.#server.url;
  }

  async start(): Promise<void> {
    await this.#server.start();
    this.#keepAlive = setInterval(() => {
      for (const account of this.#accounts.values())
        for (const stream of account.streams) stream.write(":\n");
    }, this.keepAliveMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#keepAlive);
    await this.#server.stop();
  }

  /** Registers (or links) an account in the daemon's data directory. */
  addAccount(number: string): { uuid: string } {
    const account = { number, uuid: randomUUID(), queue: [], streams: new Set<ServerResponse>() };
    this.#accounts.set(number, account);
    return { uuid: account.uuid };
  }

  /** Open event streams of `number` (the holder of the account has one). */
  streamCount(number: string): number {
    return this.#accounts.get(number)?.streams.size ?? 0;
  }

  /** The next `n` sends answer signal-cli's rate-limit error (-5, retry after 1 s). */
  rateLimitNext(n = 1): void {
    this.#rateLimits += n;
  }

  /** A direct message from `from` to the bot `account`, with attachments if given; returns its timestamp. */
  dm(
    account: string,
    from: SignalFakeSender,
    text: string,
    attachments: SignalFakeAttachment[] = [],
  ): number {
    const data: Record<string, unknown> = { message: text || null };
    if (attachments.length) data.attachments = attachments.map((a) => this.#storeAttachment(a));
    return this.#deliver(account, from, data);
  }

  /** A sticker from `from` to the bot `account`, as signal-cli reports it (pack id in hex, no image); returns its timestamp. */
  sticker(account: string, from: SignalFakeSender, stickerId = 1): number {
    const packId = randomUUID().replace(/-/g, "");
    return this.#deliver(account, from, { message: null, sticker: { packId, stickerId } });
  }

  /** `getAttachment` calls, by attachment id. */
  readonly attachmentReads: string[] = [];
  readonly #attachments = new Map<string, Uint8Array>();

  /** Keeps the file "in the data directory" and describes it as signal-cli's JsonAttachment does. */
  #storeAttachment(attachment: SignalFakeAttachment): object {
    const extension = attachment.contentType.split("/")[1] ?? "bin";
    const id = `${randomUUID().replace(/-/g, "").slice(0, 20)}.${extension}`;
    if (attachment.downloaded !== false) this.#attachments.set(id, attachment.bytes);
    return {
      contentType: attachment.contentType,
      filename: attachment.filename ?? null,
      id: attachment.downloaded === false ? null : id,
      size: attachment.bytes.byteLength,
      width: null,
      height: null,
      caption: null,
      uploadTimestamp: this.#clock,
    };
  }

  /** A message in group `groupId` (base64). */
  groupMessage(
    account: string,
    groupId: string,
    from: SignalFakeSender,
    text: string,
    options: SignalGroupOptions = {},
  ): number {
    const bot = this.#account(account);
    const data: Record<string, unknown> = {
      message: options.mentionBot ? `\uFFFC ${text}` : text,
      groupInfo: {
        groupId,
        groupName: options.groupName ?? "Fake group",
        revision: 1,
        type: "DELIVER",
      },
    };
    if (options.mentionBot)
      data.mentions = [
        { name: bot.number, number: bot.number, uuid: bot.uuid, start: 0, length: 1 },
      ];
    return this.#deliver(account, from, data);
  }

  /** The phone scans the QR of the latest `startLink`: `finishLink` answers and `number` exists. */
  scanLink(number: string): void {
    const link = this.#links.pop();
    if (!link) throw new Error("no startLink to scan");
    link.finish(number);
  }

  /** Messages sent to a DM recipient or a group id. */
  sentTo(recipientOrGroup: string): SignalSent[] {
    return this.sent.filter(
      (m) => m.recipient === recipientOrGroup || m.groupId === recipientOrGroup,
    );
  }

  /** Waits until `n` messages went to `recipientOrGroup`. */
  async waitForSent(recipientOrGroup: string, n = 1, timeoutMs = 15_000): Promise<SignalSent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.sentTo(recipientOrGroup).length < n) {
      if (Date.now() > deadline)
        throw new Error(
          `expected ${n} Signal messages to ${recipientOrGroup} within ${timeoutMs} ms, got ${JSON.stringify(this.sentTo(recipientOrGroup))}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.sentTo(recipientOrGroup);
  }

  #account(number: string): FakeAccount {
    const account = this.#accounts.get(number);
    if (!account) throw new Error(`signal-cli fake has no account ${number}`);
    return account;
  }

  #deliver(account: string, from: SignalFakeSender, data: Record<string, unknown>): number {
    const bot = this.#account(account);
    const timestamp = ++this.#clock;
    const envelope = {
      source: from.number ?? from.uuid,
      sourceNumber: from.number ?? null,
      sourceUuid: from.uuid ?? randomUUID(),
      sourceName: from.name ?? null,
      sourceDevice: 1,
      timestamp,
      serverReceivedTimestamp: timestamp + 5,
      serverDeliveredTimestamp: timestamp + 9,
      dataMessage: { timestamp, expiresInSeconds: 0, viewOnce: false, ...data },
    };
    const event = { envelope, account: bot.number };
    if (bot.streams.size === 0) bot.queue.push(event);
    else for (const stream of bot.streams) write(stream, event);
    return timestamp;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    if (url.pathname === "/api/v1/check") return void res.writeHead(200).end();
    if (url.pathname === "/api/v1/events" && req.method === "GET") return this.#events(url, res);
    if (url.pathname !== "/api/v1/rpc") return void res.writeHead(404).end();
    if (req.method !== "POST") return void res.writeHead(405).end();
    if (!(req.headers["content-type"] ?? "").startsWith("application/json"))
      return void res.writeHead(415).end();
    let request: { id?: unknown; method?: string; params?: Record<string, unknown> };
    try {
      request = JSON.parse((await readBody(req)).toString("utf8")) as typeof request;
    } catch {
      return answer(res, null, { error: { code: -32700, message: "Parse error", data: null } });
    }
    this.calls.push(String(request.method));
    answer(res, request.id ?? null, await this.#rpc(String(request.method), request.params ?? {}));
  }

  #events(url: URL, res: ServerResponse): void {
    const number = url.searchParams.get("account");
    const accounts = number ? [this.#accounts.get(number)] : [...this.#accounts.values()];
    if (accounts.some((a) => a === undefined)) return void res.writeHead(400).end();
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.flushHeaders();
    for (const account of accounts as FakeAccount[]) {
      account.streams.add(res);
      res.on("close", () => account.streams.delete(res));
      for (const event of account.queue.splice(0)) write(res, event);
    }
  }

  async #rpc(method: string, params: Record<string, unknown>): Promise<object> {
    const error = (code: number, message: string, data: unknown = null) => ({
      error: { code, message, data },
    });
    if (method === "version") return { result: { version: "0.14.6-fake" } };
    if (method === "listAccounts")
      return { result: [...this.#accounts.values()].map((a) => ({ number: a.number })) };
    if (method === "startLink") {
      const uri = `sgnl://linkdevice?uuid=${randomUUID()}&pub_key=${Buffer.from(randomUUID()).toString("base64url")}`;
      let finish: (number: string) => void = () => {};
      const scanned = new Promise<string>((resolve) => (finish = resolve));
      this.#links.push({ uri, finish });
      this.#pendingFinish.set(uri, scanned);
      return { result: { deviceLinkUri: uri } };
    }
    if (method === "finishLink") {
      const scanned = this.#pendingFinish.get(String(params.deviceLinkUri));
      if (!scanned) return error(-1, "Unknown device link uri.");
      const number = await scanned;
      this.addAccount(number);
      return { result: { number } };
    }
    const account = this.#accounts.get(String(params.account));
    if (!account) return error(-32602, "Specified account does not exist");
    if (method === "sendTyping") {
      const groups = ([] as unknown[]).concat(params.groupId ?? []);
      const recipients = ([] as unknown[]).concat(params.recipient ?? []);
      for (const g of groups) this.typing.push(`group:${String(g)}`);
      for (const r of recipients) this.typing.push(String(r));
      return { result: {} };
    }
    if (method === "send") return this.#send(account, params);
    if (method === "getAttachment") {
      const id = String(params.id);
      this.attachmentReads.push(id);
      const bytes = this.#attachments.get(id);
      if (!bytes) return error(-3, `An error occurred reading attachment: ${id}`);
      return { result: { data: Buffer.from(bytes).toString("base64") } };
    }
    return error(-32601, "Method not implemented");
  }

  readonly #pendingFinish = new Map<string, Promise<string>>();

  #send(account: FakeAccount, params: Record<string, unknown>): object {
    const recipients = ([] as unknown[]).concat(params.recipient ?? []).map(String);
    const groupId = typeof params.groupId === "string" ? params.groupId : undefined;
    const timestamp = ++this.#clock;
    const results = (recipients.length ? recipients : [groupId ?? "?"]).map((r) => ({
      recipientAddress: {
        uuid: randomUUID(),
        number: r.startsWith("+") ? r : null,
        username: null,
      },
      ...(groupId ? { groupId } : {}),
    }));
    if (this.#rateLimits > 0) {
      this.#rateLimits--;
      const failed = results.map((r) => ({
        ...r,
        type: "RATE_LIMIT_FAILURE",
        retryAfterSeconds: 1,
      }));
      return {
        error: {
          code: -5,
          message: "Failed to send message due to rate limiting",
          data: { response: { timestamp, results: failed } },
        },
      };
    }
    const attachments = decodeAttachments(params.attachments ?? params.attachment);
    if (!attachments.ok) return { error: { code: -1, message: attachments.message, data: null } };
    const hasMessage = typeof params.message === "string" && params.message !== "";
    if (!hasMessage && attachments.files.length === 0)
      return { error: { code: -1, message: "No message given", data: null } };
    for (const recipient of recipients.length ? recipients : [undefined])
      this.sent.push({
        account: account.number,
        ...(recipient ? { recipient } : {}),
        ...(groupId ? { groupId } : {}),
        message: hasMessage ? String(params.message) : "",
        ...(attachments.files.length ? { attachments: attachments.files } : {}),
        ...(typeof params.quoteTimestamp === "number"
          ? { quoteTimestamp: params.quoteTimestamp }
          : {}),
        timestamp,
      });
    return { result: { timestamp, results: results.map((r) => ({ ...r, type: "SUCCESS" })) } };
  }
}

function write(stream: ServerResponse, event: object): void {
  stream.write(`event:receive\ndata:${JSON.stringify(event)}\n\n`);
}

function answer(res: ServerResponse, id: unknown, body: object): void {
  const payload = JSON.stringify({ jsonrpc: "2.0", ...body, id });
  res.writeHead(200, { "content-type": "application/json" });
  res.end(payload);
}
