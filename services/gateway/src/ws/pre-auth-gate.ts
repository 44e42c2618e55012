import type { Duplex } from "node:stream";

/** How many sockets may wait unauthenticated at once. */
export interface PreAuthSocketLimits {
  /** Unauthenticated sockets held at once by the whole gateway. */
  readonly maxPreAuthSockets: number;
  /** Unauthenticated sockets held at once per client address. */
  readonly maxPreAuthSocketsPerAddress: number;
}

/**
 * Counts the sockets that have not completed `connect` yet, overall and per client address, and
 * refuses more than the limits allow (an idle unauthenticated socket costs memory and a timer).
 */
export class PreAuthGate {
  readonly #perAddress = new Map<string, number>();
  #total = 0;

  constructor(private readonly limits: PreAuthSocketLimits) {}

  /** Unauthenticated sockets held now. */
  get size(): number {
    return this.#total;
  }

  /** Client addresses holding unauthenticated sockets now (an address whose sockets all left is forgotten). */
  get addresses(): number {
    return this.#perAddress.size;
  }

  /**
   * Admits one unauthenticated socket from `address`, or returns undefined when a limit is reached.
   * The returned release (idempotent) is called once the socket authenticates or closes.
   */
  admit(address: string): (() => void) | undefined {
    const held = this.#perAddress.get(address) ?? 0;
    if (this.#total >= this.limits.maxPreAuthSockets) return undefined;
    if (held >= this.limits.maxPreAuthSocketsPerAddress) return undefined;
    this.#total++;
    this.#perAddress.set(address, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total--;
      const left = (this.#perAddress.get(address) ?? 1) - 1;
      if (left <= 0) this.#perAddress.delete(address);
      else this.#perAddress.set(address, left);
    };
  }
}

/**
 * Counts the bytes arriving on a raw socket and calls `onExceeded` as soon as more than `limit`
 * arrived, while a frame is still coming in (the WebSocket parser would otherwise buffer a whole
 * 25 MiB frame before its size could be checked). Returns the function that stops counting.
 */
export function capIncomingBytes(
  socket: Duplex,
  alreadyReceived: number,
  limit: number,
  onExceeded: () => void,
): () => void {
  let received = alreadyReceived;
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received <= limit) return;
    stop();
    onExceeded();
  };
  const stop = () => socket.off("data", onData);
  if (received > limit) queueMicrotask(onExceeded);
  else socket.on("data", onData);
  return stop;
}
