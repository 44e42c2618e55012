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
import { ChangeSignal } from "./change-signal.js";
import { DisappearingTimers } from "./disappearing-timers.js";
import type { WhatsAppAuthStore } from "./whatsapp-auth-state.js";
import { describeClose, whatsappError } from "./whatsapp-errors.js";
import { whatsappInboundMedia } from "./whatsapp-media.js";
import { normalizeWhatsAppMessage } from "./whatsapp-normalize.js";
import { answersUpsert } from "./whatsapp-upsert.js";
import {
  disconnectCode,
  WaDisconnect,
  type WaMessage,
  type WaSocket,
  type WaSocketFactory,
} from "./whatsapp-socket.js";

/** What the WhatsApp adapter needs besides the account. */
export interface WhatsAppAdapterDeps {
  logger: Logger;
  auth: WhatsAppAuthStore;
  /** Loads how sockets are opened (Baileys' module is imported only for a linked or linking account). */
  loadSocketFactory: () => Promise<WaSocketFactory>;
  /** Renders a QR payload as a PNG data URL. */
  qrDataUrl: (qr: string) => Promise<string>;
}

const NOT_LINKED =
  "WhatsApp is not linked yet: run `clawfleet channels login whatsapp` (or scan the QR in the Control UI)";
const QR_WAIT_MS = 30_000;

type Outcome = "restart" | "logged-out" | "qr-expired" | "closed" | "stopped";

/**
 * The WhatsApp connector (Baileys, WhatsApp Web). One loop owns the socket: with linked creds it
 * connects (reconnecting with backoff after a drop, at once after WhatsApp asks for a restart);
 * without, it waits for a QR login (`login`), whose scan links the device and becomes the live
 * connection. A logout from the phone forgets the creds and shows in status until linked again.
 */
export class WhatsAppAdapter implements ChannelAdapter {
  readonly mode = "web";
  readonly #log: Logger;
  readonly #changes = new ChangeSignal();
  #events: AdapterEvents | undefined;
  #stop = new AbortController();
  #loop: Promise<void> | undefined;
  #socket: WaSocket | undefined;
  #bot: (BotIdentity & { lid?: string }) | undefined;
  #connected = false;
  #linked = false;
  #loginWanted = false;
  #qr: string | undefined;
  #loginFailure: string | undefined;
  #unlinkedReason = NOT_LINKED;
  /** Set while `logout` runs, so the close it causes keeps the logout's own reason. */
  #loggingOut = false;
  /** Drops since the last open connection, for the reconnect backoff. */
  #drops = 0;
  #inbound: Promise<void> = Promise.resolve();
  #saving: Promise<void> = Promise.resolve();
  readonly #timers = new DisappearingTimers();

  constructor(
    private readonly spec: AccountSpec,
    private readonly deps: WhatsAppAdapterDeps,
  ) {
    this.#log = deps.logger.child({ subsystem: "whatsapp", account: spec.accountId });
  }

  start(events: AdapterEvents, signal: AbortSignal): Promise<BotIdentity> {
    this.#events = events;
    this.#stop = new AbortController();
    const stop = AbortSignal.any([signal, this.#stop.signal]);
    this.#loop = this.#run(stop).catch((error: unknown) => {
      this.#log.error(`WhatsApp connection loop failed: ${errorMessage(error)}`, { error });
      events.connection({ connected: false, error: `WhatsApp stopped: ${errorMessage(error)}` });
    });
    return this.#changes
      .waitFor(() => (this.#connected ? this.#bot : undefined), Infinity, stop)
      .then((bot) => {
        if (!bot) throw new ChannelsError(ChannelsErrorCode.Unavailable, "stopped before linking");
        return bot;
      });
  }

  async send(target: ReplyTarget, chunk: OutboundChunk): Promise<string> {
    const socket = this.#live();
    try {
      const sent = await socket.sendMessage(
        target.peer.id,
        { text: chunk.text },
        this.#timers.sendOptions(target.peer.id),
      );
      return sent?.key.id ?? chunk.idempotencyKey;
    } catch (error) {
      throw whatsappError(error, "sendMessage");
    }
  }

  /** Sends the image as an image message (Baileys uploads it to WhatsApp's media servers), no caption: the text follows. */
  async sendImage(target: ReplyTarget, image: OutboundImage): Promise<string> {
    const socket = this.#live();
    try {
      const sent = await socket.sendMessage(
        target.peer.id,
        { image: Buffer.from(image.bytes), mimetype: image.mimeType, fileName: image.fileName },
        this.#timers.sendOptions(target.peer.id),
      );
      return sent?.key.id ?? image.idempotencyKey;
    } catch (error) {
      throw whatsappError(error, "sendMessage");
    }
  }

  async typing(target: ReplyTarget): Promise<void> {
    await this.#live()
      .sendPresenceUpdate("composing", target.peer.id)
      .catch((error: unknown) => {
        throw whatsappError(error, "sendPresenceUpdate");
      });
  }

  async login(request: LoginRequest): Promise<ChannelLoginReply> {
    if (request.step === "start") {
      if (this.#connected && !request.force)
        return { connected: true, message: `already linked as ${this.#bot?.label ?? "?"}` };
      if (this.#linked && !request.force)
        return {
          connected: false,
          message: "linked; reconnecting to WhatsApp (see channels.status)",
        };
      if (this.#linked) await this.logout();
      this.#loginFailure = undefined;
      this.#loginWanted = true;
      this.#changes.notify();
      await this.#changes.waitFor(
        () => this.#qr ?? (this.#connected || this.#loginFailure ? true : undefined),
        QR_WAIT_MS,
        this.#stop.signal,
      );
      return this.#loginReply("Scan this QR in WhatsApp → Settings → Linked devices");
    }
    const shown = this.#qr;
    await this.#changes.waitFor(
      () => (this.#connected || this.#qr !== shown || this.#loginFailure ? true : undefined),
      request.timeoutMs ?? 120_000,
      this.#stop.signal,
    );
    return this.#loginReply(this.#qr ? "a new QR code: scan it" : "still waiting for the scan");
  }

  async logout(): Promise<{ loggedOut: boolean; message: string }> {
    const wasLinked = this.#linked;
    this.#loggingOut = true;
    this.#unlinkedReason =
      "logged out with `clawfleet channels logout whatsapp`; link again to use it";
    const socket = this.#socket;
    if (socket && this.#connected)
      await socket.logout().catch((error: unknown) => {
        this.#log.warn(`WhatsApp logout call failed: ${errorMessage(error)}; forgetting the creds`);
      });
    socket?.end(undefined);
    await this.#saving;
    await this.deps.auth.clear();
    this.#linked = false;
    this.#loginWanted = false;
    this.#loggingOut = false;
    this.#changes.notify();
    return {
      loggedOut: wasLinked,
      message: wasLinked ? "logged out; the stored WhatsApp session is gone" : "was not linked",
    };
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    this.#socket?.end(undefined);
    await this.#loop;
    await this.#inbound;
    await this.#saving;
  }

  #live(): WaSocket {
    if (!this.#socket || !this.#connected)
      throw new ChannelsError(ChannelsErrorCode.Unavailable, "WhatsApp is not connected");
    return this.#socket;
  }

  async #loginReply(pending: string): Promise<ChannelLoginReply> {
    if (this.#connected)
      return { connected: true, message: `linked as ${this.#bot?.label ?? "?"}` };
    if (this.#loginFailure) return { connected: false, message: this.#loginFailure };
    if (!this.#qr) return { connected: false, message: "no QR code from WhatsApp yet; try again" };
    return {
      connected: false,
      qr: this.#qr,
      qrDataUrl: await this.deps.qrDataUrl(this.#qr),
      message: pending,
    };
  }

  async #run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const outcome = await this.#attempt(signal);
      if (outcome === "stopped") return;
      if (outcome === "restart" || outcome === "logged-out") continue;
      if (outcome === "qr-expired") {
        this.#loginFailure ??= "the QR code expired before it was scanned; start the login again";
        this.#changes.notify();
        continue;
      }
      this.#drops += 1;
      // A login asked for meanwhile ends the wait: whoever scans the QR should not sit out a backoff.
      await this.#changes.waitFor(
        () => (this.#loginWanted ? true : undefined),
        backoffDelay(this.#drops, 2000, 60_000),
        signal,
      );
    }
  }

  /**
   * One connection: waits for a login while unlinked, connects, and says how it ended. A failure of
   * the stored session (the bus away) or of Baileys' import ends it as a drop, reported, so the loop
   * tries again after a backoff instead of stopping the account for good.
   */
  async #attempt(signal: AbortSignal): Promise<Outcome> {
    let loginMode = false;
    try {
      await this.#saving;
      // Baileys is loaded only past this check: an unlinked account waiting for a login costs nothing.
      this.#linked = await this.deps.auth.linked();
      if (!this.#linked) {
        this.#events?.connection({ connected: false, error: this.#unlinkedReason });
        await this.#changes.waitFor(() => (this.#loginWanted ? true : undefined), Infinity, signal);
        if (signal.aborted) return "stopped";
        this.#loginWanted = false;
        loginMode = true;
        await this.deps.auth.clear();
      }
      const [auth, socketFactory] = await Promise.all([
        this.deps.auth.load(),
        this.deps.loadSocketFactory(),
      ]);
      const outcome = await this.#connectOnce(auth, socketFactory, signal, loginMode);
      if (outcome === "logged-out") {
        await this.#saving;
        await this.deps.auth.clear();
      }
      return outcome;
    } catch (error) {
      if (signal.aborted) return "stopped";
      const reason = `WhatsApp could not use its stored session: ${errorMessage(error)}`;
      this.#log.error(`${reason}; trying again`, { error });
      this.#events?.connection({ connected: false, error: reason });
      if (loginMode) this.#loginFailure = `${reason}; start the login again`;
      this.#changes.notify();
      return "closed";
    }
  }

  /** Runs one socket until it closes; says why it closed. */
  #connectOnce(
    auth: Awaited<ReturnType<WhatsAppAuthStore["load"]>>,
    socketFactory: WaSocketFactory,
    signal: AbortSignal,
    loginMode: boolean,
  ): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      const socket = socketFactory({ auth, logger: this.#log });
      this.#socket = socket;
      const onAbort = () => socket.end(undefined);
      signal.addEventListener("abort", onAbort, { once: true });
      socket.ev.on("creds.update", () => {
        this.#saving = this.#saving
          .then(() => this.deps.auth.saveCreds(auth.creds))
          .catch((error: unknown) =>
            this.#log.error(`could not store the WhatsApp creds: ${errorMessage(error)}`),
          );
      });
      socket.ev.on("messages.upsert", ({ messages, type }) => {
        for (const raw of messages)
          if (answersUpsert(type, raw, Date.now()))
            this.#inbound = this.#inbound.then(() => this.#handle(raw));
      });
      socket.ev.on("connection.update", (update) => {
        if (update.qr) {
          this.#qr = update.qr;
          this.#changes.notify();
        }
        if (update.connection === "open") this.#opened(socket);
        if (update.connection !== "close") return;
        signal.removeEventListener("abort", onAbort);
        const code = disconnectCode(update);
        const wasOpen = this.#connected;
        const qrShown = this.#qr !== undefined;
        this.#connected = false;
        this.#socket = undefined;
        this.#qr = undefined;
        if (signal.aborted) return resolve("stopped");
        if (code === WaDisconnect.RestartRequired) return resolve("restart");
        const reason = this.#loggingOut
          ? this.#unlinkedReason
          : describeClose(code, update.lastDisconnect?.error);
        if (code === WaDisconnect.LoggedOut) {
          this.#unlinkedReason = reason;
          this.#linked = false;
        }
        if (wasOpen || code === WaDisconnect.LoggedOut)
          this.#events?.connection({ connected: false, error: reason });
        if (loginMode && !wasOpen && !qrShown) {
          // Closed before a QR (WhatsApp unreachable, or refusing these creds): the login fails now, with the reason.
          this.#loginFailure = `no QR code: ${reason}`;
          this.#linked = false;
        }
        this.#log.warn(reason);
        this.#changes.notify();
        if (code === WaDisconnect.LoggedOut) return resolve("logged-out");
        if (loginMode && !wasOpen) return resolve("qr-expired");
        resolve("closed");
      });
    });
  }

  #opened(socket: WaSocket): void {
    const id = socket.user?.id ?? "";
    const number = /^(\d+)/.exec(id)?.[1] ?? id;
    this.#bot = {
      id: number,
      username: number,
      label: `+${number}`,
      ...(socket.user?.lid ? { lid: socket.user.lid } : {}),
    };
    this.#connected = true;
    this.#linked = true;
    this.#drops = 0;
    this.#qr = undefined;
    this.#loginFailure = undefined;
    this.#unlinkedReason = NOT_LINKED;
    this.#log.info(`connected to WhatsApp as ${this.#bot.label}`);
    this.#events?.connection({ connected: true, botName: this.#bot.label });
    this.#changes.notify();
  }

  async #handle(raw: WaMessage): Promise<void> {
    const bot = this.#bot;
    if (!bot || !this.#events) return;
    const normalized = normalizeWhatsAppMessage(raw, this.spec.accountId, bot);
    if (!normalized.ok) return this.#log.debug(`skipped message: ${normalized.reason}`);
    const parsed = parseInboundMessage(normalized.message);
    if (!parsed.ok)
      return this.#log.warn(`skipped an invalid message: ${parsed.errors.join("; ")}`);
    this.#timers.note(parsed.message.peer.id, normalized.expiration);
    const maxBytes = this.spec.mediaMaxMb * 1024 * 1024;
    const media = normalized.media.map((ref) =>
      whatsappInboundMedia(ref, raw, () => (this.#connected ? this.#socket : undefined), maxBytes),
    );
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#events.inbound(parsed.message, bot, media);
        break;
      } catch (error) {
        // WhatsApp does not redeliver; the bus may be briefly away, so retry before giving up.
        if (attempt >= 5 || this.#stop.signal.aborted) {
          this.#log.error(`lost WhatsApp message ${raw.key.id}: ${errorMessage(error)}`);
          return;
        }
        await sleep(backoffDelay(attempt, 500, 5000), this.#stop.signal);
      }
    }
    if (this.spec.sendReadReceipts !== false)
      await this.#socket?.readMessages([raw.key]).catch((error: unknown) => {
        this.#log.debug(`could not send a read receipt: ${errorMessage(error)}`);
      });
  }
}

/** Creates the WhatsApp adapter of an account. */
export function createWhatsAppAdapter(
  spec: AccountSpec,
  deps: WhatsAppAdapterDeps,
): ChannelAdapter {
  return new WhatsAppAdapter(spec, deps);
}
