import { ChannelTyping, type Bus } from "@clawfleet/bus";
import type { ReplyTarget } from "@clawfleet/core";
import type { Logger } from "@clawfleet/log";
import type { AccountRef } from "../domain/kv-keys.js";
import type { ChannelAdapter } from "../domain/channel-adapter.js";
import { targetKey } from "../domain/delivery-plan.js";
import { errorMessage } from "../errors.js";

/** How often the indicator is renewed (Telegram shows it 5 s, Discord 10 s). */
const REFRESH_MS: Record<string, number> = { telegram: 4000, discord: 8000 };
/** A turn that never says "stop" stops showing typing after this long. */
const MAX_TYPING_MS = 120_000;

/** Running typing indicators of one account. */
export interface TypingIndicators {
  /** Stops the indicator in a chat (a reply arrived there). */
  stopFor(target: ReplyTarget): void;
  /** Unsubscribes and stops every indicator. */
  stop(): void;
}

/**
 * Shows a typing indicator while a turn runs: `channels.typing.<channel>.<account>` start/stop
 * events from the agents, renewed every few seconds until stop, a delivered reply, or two minutes.
 * Typing failures are logged at debug level and never affect delivery.
 */
export function startTypingIndicators(
  bus: Bus,
  account: AccountRef,
  adapter: ChannelAdapter,
  logger: Logger,
): TypingIndicators {
  const log = logger.child({ subsystem: "typing", account: account.accountId });
  const running = new Map<string, NodeJS.Timeout>();
  const refreshMs = REFRESH_MS[account.channel] ?? 5000;

  const stopFor = (target: ReplyTarget) => {
    const key = targetKey(target);
    clearInterval(running.get(key));
    running.delete(key);
  };
  const show = (target: ReplyTarget) =>
    void adapter
      .typing(target)
      .catch((error: unknown) => log.debug(`typing failed: ${errorMessage(error)}`));
  const start = (target: ReplyTarget) => {
    stopFor(target);
    const key = targetKey(target);
    const startedAt = Date.now();
    show(target);
    const timer = setInterval(() => {
      if (Date.now() - startedAt > MAX_TYPING_MS) return stopFor(target);
      show(target);
    }, refreshMs);
    timer.unref();
    running.set(key, timer);
  };

  const subscription = bus.subscribe(
    ChannelTyping,
    { channel: account.channel, account: account.accountId },
    (event) => {
      if (event.target.channel !== account.channel || event.target.accountId !== account.accountId)
        return;
      if (event.state === "start") start(event.target);
      else stopFor(event.target);
    },
  );

  return {
    stopFor,
    stop() {
      subscription.unsubscribe();
      for (const timer of running.values()) clearInterval(timer);
      running.clear();
    },
  };
}
