import type { ChannelLoginReply } from "@clawfleet/bus";
import { parseInboundMessage, type ReplyTarget } from "@clawfleet/core";
import type { Logger } from "@clawfleet/log";
import type { AccountSpec } from "../../domain/account-spec.js";
import type {
  AdapterEvents,
  BotIdentity,
  ChannelAdapter,
  LoginRequest,
  OutboundChunk,
  OutboundImage,
} from "../../domain/channel-adapter.js";
import { backoffDelay, sleep } from "../../domain/retry-timing.js";
import { ChannelsError, ChannelsErrorCode, errorMessage } from "../../errors.js";
import { SignalRpcCode } from "./signal-errors.js";
import { openSignalEvents } from "./signal-event-stream.js";
import { SignalLink } from "./signal-link.js";
import {
  normalizeSignalEvent,
  quoteOf,
  type SignalReceive,
  type SignalSelf,
} from "./signal-normalize.js";
import { signalInboundMedia, signalStickerMedia } from "./signal-media.js";
import { SignalRpc } from "./signal-rpc.js";

/** What the Signal adapter needs besides the account. */
export interface SignalAdapterDeps {
  logger: Logger;
  /** Renders a QR payload as a PNG data URL. */
  qrDataUrl: (qr: string) => Promise<string>;
}

/** Attempts to hand one inbound message on before it is dropped with an error in the log. */
const INBOUND_ATTEMPTS = 5;

/**
 * The Signal connector: a client of signal-cli's daemon (`daemon --http`, multi-account mode,
 * `--receive-mode on-connection`). It checks that the daemon knows the account (`listAccounts`),
 * then holds its event stream (SSE) while this instance holds the account's lease: with
 * on-connection receiving, signal-cli fetches from Signal's servers only while a stream is open, so
 * messages that arrive while no instance listens wait on Signal's servers for the standby. Sends
 * and typing go through JSON-RPC (`send`, `sendTyping`); linking a device is `startLink` +
 * `finishLink` (`clawfleet channels login signal`).
 */
export class SignalAdapter implements ChannelAdapter {
  readonly mode = "sse";
  readonly #log: Logger;
  readonly #rpc: SignalRpc;
  readonly #link: SignalLink;
  readonly #self: SignalSelf;
  #stop = new AbortController();
  #loop: Promise<void> | undefined;
  #inbound: Promise<void> = Promise.resolve();

  constructor(
    private readonly spec: AccountSpec,
    deps: SignalAdapterDeps,
  ) {
    const account = spec.account ?? "";
    this.#log = deps.logger.child({ subsystem: "signal", account: spec.accountId });
    this.#rpc = new SignalRpc(spec.apiBase ?? "", account);
    this.#link = new SignalLink(this.#rpc, deps.qrDataUrl, () => this.#isKnown());
    this.#self = { number: account };
  }

  async start(events: AdapterEvents, signal: AbortSignal): Promise<BotIdentity> {
    this.#stop = new AbortController();
    const stop = AbortSignal.any([signal, this.#stop.signal]);
    const bot: BotIdentity = {
      id: this.#self.number,
      username: this.#self.number,
      label: `${this.#self.number} (signal-cli)`,
    };
    return new Promise<BotIdentity>((resolve, reject) => {
      this.#loop = this.#run(events, stop, () => resolve(bot)).then(
        () => reject(new ChannelsError(ChannelsErrorCode.Unavailable, "stopped before connecting")),
        reject,
      );
    });
  }

  async send(target: ReplyTarget, chunk: OutboundChunk): Promise<string> {
    return this.#send(target, { message: chunk.text }, chunk);
  }

  /**
   * Sends the image as an attachment of its own message: signal-cli's `send` takes RFC 2397 data URIs
   * with a file name (`data:<type>;filename=<name>;base64,<data>`), so no file is written anywhere.
   */
  async sendImage(target: ReplyTarget, image: OutboundImage): Promise<string> {
    const name = image.fileName.replace(/[^A-Za-z0-9._-]/g, "_");
    const uri = `data:${image.mimeType};filename=${name};base64,${Buffer.from(image.bytes).toString("base64")}`;
    return this.#send(target, { message: "", attachments: [uri] }, image);
  }

  async #send(
    target: ReplyTarget,
    content: Record<string, unknown>,
    step: { replyToMessageId?: string; idempotencyKey: string },
  ): Promise<string> {
    const params: Record<string, unknown> = { ...content };
    if (target.peer.kind === "group") params.groupId = target.peer.id;
    else params.recipient = [target.peer.id];
    const quote = step.replyToMessageId ? quoteOf(step.replyToMessageId) : undefined;
    if (quote) {
      params.quoteTimestamp = quote.timestamp;
      params.quoteAuthor = quote.author;
    }
    const sent = await this.#rpc.call<{ timestamp?: number }>("send", params);
    return `${sent?.timestamp ?? step.idempotencyKey}-${this.#self.number}`;
  }

  async typing(target: ReplyTarget): Promise<void> {
    await this.#rpc.call(
      "sendTyping",
      target.peer.kind === "group"
        ? { groupId: [target.peer.id] }
        : { recipient: [target.peer.id] },
    );
  }

  login(request: LoginRequest): Promise<ChannelLoginReply> {
    return this.#link.step(request, this.#stop.signal);
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    this.#link.cancel();
    await this.#loop?.catch(() => {});
    await this.#inbound;
  }

  /** Whether the daemon has the account; learns single- vs multi-account mode on the way. */
  async #isKnown(): Promise<boolean> {
    try {
      const accounts = await this.#rpc.call<{ number?: string }[]>(
        "listAccounts",
        {},
        { withAccount: false },
      );
      this.#rpc.multiAccount = true;
      return accounts.some((a) => a.number === this.#self.number);
    } catch (error) {
      // A daemon started with `-a NUMBER` serves that one account and has no listAccounts.
      if ((error as { message?: string }).message?.includes(`(${SignalRpcCode.MethodNotFound})`)) {
        this.#rpc.multiAccount = false;
        return true;
      }
      throw error;
    }
  }

  /** Holds the event stream, reconnecting with backoff, until `stop`; calls `opened` the first time it is open. */
  async #run(events: AdapterEvents, stop: AbortSignal, opened: () => void): Promise<void> {
    let first = true;
    let lastError: string | undefined;
    for (let attempt = 1; !stop.aborted; attempt++) {
      try {
        if (!(await this.#isKnown()))
          throw new ChannelsError(
            ChannelsErrorCode.Refused,
            `signal-cli at ${this.#rpc.baseUrl} has no account ${this.#self.number}: link it with \`clawfleet channels login signal\` or register it (docs/deploy-fly.md, Signal)`,
          );
        const stream = await openSignalEvents(
          this.#rpc.baseUrl,
          this.#rpc.multiAccount ? this.#self.number : undefined,
          stop,
        );
        this.#log.info(`listening to signal-cli at ${this.#rpc.baseUrl} as ${this.#self.number}`);
        events.connection({ connected: true });
        if (first) opened();
        first = false;
        attempt = 0;
        lastError = undefined;
        for await (const event of stream)
          if (event.event === "receive") this.#receive(event.data, events);
        if (stop.aborted) break;
        throw new ChannelsError(
          ChannelsErrorCode.Unavailable,
          "signal-cli closed the event stream",
        );
      } catch (error) {
        if (stop.aborted) break;
        const reason = errorMessage(error);
        if (reason !== lastError) this.#log.warn(`signal: ${reason}`);
        lastError = reason;
        events.connection({ connected: false, error: reason });
        await sleep(backoffDelay(Math.max(attempt, 1), 1000, 15_000), stop);
      }
    }
  }

  /** Hands one event on, in arrival order, retrying while the bus cannot take it. */
  #receive(data: string, events: AdapterEvents): void {
    let receive: SignalReceive;
    try {
      receive = JSON.parse(data) as SignalReceive;
    } catch {
      this.#log.warn("skipped an event that is not JSON");
      return;
    }
    if (receive.envelope?.sourceNumber === this.#self.number && receive.envelope.sourceUuid)
      this.#self.uuid = receive.envelope.sourceUuid;
    const normalized = normalizeSignalEvent(receive, this.spec.accountId, this.#self);
    if (!normalized.ok) return this.#log.debug(`skipped event: ${normalized.reason}`);
    const parsed = parseInboundMessage(normalized.message);
    if (!parsed.ok) return this.#log.warn(`skipped an invalid event: ${parsed.errors.join("; ")}`);
    const bot: BotIdentity = {
      id: this.#self.number,
      username: this.#self.number,
      label: this.#self.number,
    };
    const media = normalized.attachments.map((a) => signalInboundMedia(a, this.#rpc));
    if (normalized.sticker) media.push(signalStickerMedia());
    this.#inbound = this.#inbound.then(async () => {
      for (let attempt = 1; attempt <= INBOUND_ATTEMPTS; attempt++) {
        try {
          return await events.inbound(parsed.message, bot, media);
        } catch (error) {
          if (attempt === INBOUND_ATTEMPTS)
            return this.#log.error(
              `dropped Signal message ${parsed.message.messageId}: ${errorMessage(error)}`,
            );
          await sleep(backoffDelay(attempt, 500, 5000));
        }
      }
    });
  }
}

/** Creates the Signal adapter of an account. */
export function createSignalAdapter(spec: AccountSpec, deps: SignalAdapterDeps): ChannelAdapter {
  return new SignalAdapter(spec, deps);
}
