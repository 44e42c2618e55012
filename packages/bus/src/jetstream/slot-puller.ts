import type { Logger } from "@clawfleet/log";
import {
  createInbox,
  type Msg,
  type NatsConnection,
  type ServerInfo,
  type Subscription,
} from "@nats-io/transport-node";
import { PulledMessage } from "./pulled-message.js";

/** Required options of a {@link SlotPuller}. */
export interface SlotPullerOptions {
  stream: string;
  consumer: string;
  /** At most this many messages are handed out (and not yet {@link SlotPuller.done}) at once. */
  slots: number;
  /** How long one pull request waits on the server for messages. */
  expiresMs: number;
  /** Held messages (handed out, or waiting for a slot) get `working()` this often. */
  keepAliveMs: number;
  /** Receives each message that got a slot; the slot is busy until {@link SlotPuller.done}. */
  onMessage: (msg: PulledMessage) => void;
  logger: Logger;
}

/** A request the server has not answered fully, as far as we know. */
interface PendingPull {
  left: number;
  /** After this the request is surely gone (its expiry, plus slack for a lost status). */
  deadline: number;
}

/** Slack after a pull's expiry before its credit is written off without word from the server. */
const LOST_PULL_SLACK_MS = 1000;
/** Pause before pulling again after the server refused a pull. */
const REFUSED_PAUSE_MS = 1000;
const PENDING_MESSAGES_HEADER = "Nats-Pending-Messages";

/**
 * Pulls a durable consumer's messages into a fixed number of slots over one long-lived subscription:
 * a freed slot asks for one more message (pulls freed in the same tick go out as one request), and
 * never more are requested than there are free slots, so no message waits in this process while
 * its ack timer runs — apart from a rare late delivery of a pull already written off, which waits
 * for a slot with its ack timer kept alive. The server answers pulls in order, so each delivery is
 * counted against the oldest open pull; an expiry status (408 with the count left) closes one.
 */
export class SlotPuller {
  readonly #inbox = createInbox();
  readonly #pullSubject: string;
  readonly #sub: Subscription;
  readonly #timer: NodeJS.Timeout;
  readonly #pulls: PendingPull[] = [];
  /** Messages handed out, with when each last told the server it is still being worked on. */
  readonly #held = new Map<PulledMessage, number>();
  /** Late deliveries waiting for a slot. */
  readonly #waiting: PulledMessage[] = [];
  #slots: number;
  #credit = 0;
  #refillQueued = false;
  #pausedUntil = 0;
  #serverInfo: ServerInfo | undefined;
  #stopping = false;
  #stopped: Promise<void> | undefined;
  #resolveStopped: (() => void) | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: SlotPullerOptions,
  ) {
    this.#slots = options.slots;
    this.#pullSubject = `$JS.API.CONSUMER.MSG.NEXT.${options.stream}.${options.consumer}`;
    this.#serverInfo = nc.info;
    this.#sub = nc.subscribe(this.#inbox, {
      callback: (error, msg) =>
        error ? options.logger.warn("pull subscription failed", { error }) : this.#receive(msg),
    });
    this.#timer = setInterval(
      () => this.#housekeeping(),
      Math.max(50, Math.min(250, options.keepAliveMs / 2, options.expiresMs / 4)),
    );
    this.#timer.unref();
    this.#refill();
  }

  /** Messages handed out and not done yet. */
  get busy(): number {
    return this.#held.size;
  }

  /** Changes the number of slots; running messages keep theirs, and no new ones are taken while over. */
  resize(slots: number): void {
    this.#slots = slots;
    this.#fill();
  }

  /** Frees the slot of a handed-out message (settle it first). */
  done(msg: PulledMessage): void {
    this.#held.delete(msg);
    this.#fill();
  }

  /**
   * Stops asking for messages and resolves once every handed-out message is done and every open
   * pull has ended; a message delivered meanwhile (or waiting for a slot) is handed back at once.
   */
  stop(): Promise<void> {
    if (!this.#stopped) {
      this.#stopping = true;
      this.#stopped = new Promise((resolve) => (this.#resolveStopped = resolve));
      for (const msg of this.#waiting.splice(0)) msg.nak();
      this.#checkStopped();
    }
    return this.#stopped;
  }

  #receive(msg: Msg): void {
    if (!PulledMessage.isDelivery(msg)) return this.#status(msg);
    const oldest = this.#pulls[0];
    if (oldest) {
      this.#credit--;
      if (--oldest.left === 0) this.#pulls.shift();
    }
    const pulled = new PulledMessage(msg);
    if (this.#stopping) return pulled.nak();
    if (this.#held.size < this.#slots) return this.#handOut(pulled);
    pulled.working();
    this.#waiting.push(pulled);
  }

  /** A status from the server about one of our pulls. */
  #status(msg: Msg): void {
    const code = msg.headers?.code ?? 0;
    if (code === 100) return; // idle heartbeat (not asked for)
    const left = Number(msg.headers?.get(PENDING_MESSAGES_HEADER) || 0);
    if (left > 0) {
      // A pull ended (expired, or the consumer went away) with messages left: the oldest one.
      this.#writeOff(this.#pulls.shift());
    } else {
      // A pull refused outright (e.g. too many waiting): the newest one. Pause before asking again.
      this.options.logger.debug(`pull refused: ${code} ${msg.headers?.description ?? ""}`);
      this.#writeOff(this.#pulls.pop());
      this.#pausedUntil = Date.now() + REFUSED_PAUSE_MS;
    }
    this.#fill();
  }

  #writeOff(pull: PendingPull | undefined): void {
    if (pull) this.#credit -= pull.left;
  }

  #handOut(msg: PulledMessage): void {
    this.#held.set(msg, Date.now());
    this.options.onMessage(msg);
  }

  /** Gives free slots to waiting messages, then asks for more (once per tick); or finishes a stop. */
  #fill(): void {
    while (!this.#stopping && this.#waiting.length > 0 && this.#held.size < this.#slots)
      this.#handOut(this.#waiting.shift()!);
    if (this.#stopping) return this.#checkStopped();
    if (this.#refillQueued) return;
    this.#refillQueued = true;
    queueMicrotask(() => {
      this.#refillQueued = false;
      this.#refill();
    });
  }

  #refill(): void {
    const free = this.#slots - this.#held.size - this.#waiting.length - this.#credit;
    if (free <= 0 || this.#stopping || Date.now() < this.#pausedUntil || this.nc.isClosed()) return;
    try {
      this.nc.publish(
        this.#pullSubject,
        `{"batch":${free},"expires":${this.options.expiresMs * 1e6}}`,
        { reply: this.#inbox },
      );
    } catch (error) {
      this.options.logger.debug("pull failed, retrying", { error });
      this.#pausedUntil = Date.now() + REFUSED_PAUSE_MS;
      return;
    }
    this.#pulls.push({
      left: free,
      deadline: Date.now() + this.options.expiresMs + LOST_PULL_SLACK_MS,
    });
    this.#credit += free;
  }

  #housekeeping(): void {
    if (this.nc.isClosed()) {
      // Nothing more will arrive: running handlers still finish (and a stop resolves when they have).
      clearInterval(this.#timer);
      return this.#checkStopped();
    }
    const now = Date.now();
    // A (re)connection to a server that may not know our pulls: ask afresh (a duplicate delivery just waits).
    if (this.nc.info !== this.#serverInfo) {
      this.#serverInfo = this.nc.info;
      this.#pulls.splice(0);
      this.#credit = 0;
    }
    while (this.#pulls[0] && this.#pulls[0].deadline < now) this.#writeOff(this.#pulls.shift());
    for (const [msg, told] of this.#held) {
      if (now - told < this.options.keepAliveMs) continue;
      msg.working();
      this.#held.set(msg, now);
    }
    for (const msg of this.#waiting) msg.working();
    this.#fill();
  }

  #checkStopped(): void {
    if (!this.#stopping || this.#held.size > 0 || (this.#credit > 0 && !this.nc.isClosed())) return;
    clearInterval(this.#timer);
    if (!this.nc.isClosed()) this.#sub.unsubscribe();
    this.#resolveStopped?.();
    this.#resolveStopped = undefined;
  }
}
