import type { Msg, MsgHdrs } from "@nats-io/transport-node";

const ACK = Uint8Array.of(43, 65, 67, 75); // +ACK
const NAK = Uint8Array.of(45, 78, 65, 75); // -NAK
const WPI = Uint8Array.of(43, 87, 80, 73); // +WPI
const encoder = new TextEncoder();

/**
 * A JetStream message delivered to one of our pull requests, settled by replying on its ack subject
 * (`$JS.ACK.<stream>.<consumer>.<deliveries>.<stream seq>.…`, with domain and account hash on newer servers).
 */
export class PulledMessage {
  /** Stream sequence. */
  readonly seq: number;
  /** 1 on first delivery. */
  readonly deliveryCount: number;
  #settled = false;

  constructor(private readonly msg: Msg) {
    const tokens = (msg.reply ?? "").split(".");
    const at = tokens.length === 9 ? 4 : 6;
    if (tokens[0] !== "$JS" || tokens[1] !== "ACK" || tokens.length < 9)
      throw new Error(`not a JetStream delivery: ${msg.reply ?? "no reply subject"}`);
    this.deliveryCount = Number(tokens[at]);
    this.seq = Number(tokens[at + 1]);
  }

  /** Whether a message on our pull inbox is a delivery (as opposed to a status from the server). */
  static isDelivery(msg: Msg): boolean {
    return msg.reply?.startsWith("$JS.ACK.") === true;
  }

  get subject(): string {
    return this.msg.subject;
  }

  get data(): Uint8Array {
    return this.msg.data;
  }

  get headers(): MsgHdrs | undefined {
    return this.msg.headers;
  }

  /** Done: the server removes it from the work queue. */
  ack(): void {
    this.#settle(ACK);
  }

  /** Not now: redeliver after `delayMs` (at once when 0). */
  nak(delayMs = 0): void {
    this.#settle(delayMs > 0 ? encoder.encode(`-NAK {"delay":${Math.round(delayMs * 1e6)}}`) : NAK);
  }

  /** Still working: restarts the server's ack timer. */
  working(): void {
    if (!this.#settled) this.msg.respond(WPI);
  }

  #settle(payload: Uint8Array): void {
    if (this.#settled) return;
    this.#settled = true;
    this.msg.respond(payload);
  }
}
