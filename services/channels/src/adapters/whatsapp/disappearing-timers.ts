import type { WaSendOptions } from "./whatsapp-socket.js";

/** How many chats' timers are remembered; the least recently heard from is forgotten first. */
const MAX_CHATS = 10_000;

/**
 * The disappearing-messages timer of each chat, as its latest message carried it, so replies into
 * a chat with disappearing messages on disappear after the same time. Kept by the holder in memory:
 * a standby that took over learns a chat's timer from that chat's next message.
 */
export class DisappearingTimers {
  readonly #seconds = new Map<string, number>();

  /** Records the timer a message of `chat` carried (0 or none: the chat's messages stay). */
  note(chat: string, seconds: number): void {
    this.#seconds.delete(chat);
    if (seconds <= 0) return;
    this.#seconds.set(chat, seconds);
    if (this.#seconds.size > MAX_CHATS) {
      const oldest = this.#seconds.keys().next().value;
      if (oldest !== undefined) this.#seconds.delete(oldest);
    }
  }

  /** The send options for a message into `chat`: its timer, when it has one. */
  sendOptions(chat: string): WaSendOptions {
    const seconds = this.#seconds.get(chat);
    return seconds ? { ephemeralExpiration: seconds } : {};
  }
}
