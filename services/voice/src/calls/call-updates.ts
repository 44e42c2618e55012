import { VoiceCallUpdated, type Bus } from "@clawfleet/bus";
import { toCallRecord, type StoredCall } from "../domain/stored-call.js";

/** A subscription to one call's changes that can be awaited repeatedly. */
export interface CallWatch {
  /** Resolves true on the next change (or one that came since the last wait), false after `timeoutMs` or on abort. */
  next(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  close(): void;
}

/** Announces changes of calls on `voice.call.updated.<callId>` and lets a webhook wait for the next one. */
export class CallUpdates {
  constructor(private readonly bus: Bus) {}

  /** Publishes a call's new state (without its transcript, to keep events small). */
  announce(call: StoredCall): void {
    this.bus.publish(
      VoiceCallUpdated,
      { call: call.callId },
      toCallRecord(call, { transcript: false }),
    );
  }

  /** Subscribes to one call's changes; subscribe before reading the state you wait to change. */
  watch(callId: string): CallWatch {
    let changed = false;
    let wake: (() => void) | undefined;
    const subscription = this.bus.subscribe(VoiceCallUpdated, { call: callId }, () => {
      changed = true;
      wake?.();
    });
    return {
      next: (timeoutMs, signal) =>
        new Promise<boolean>((resolve) => {
          if (changed) {
            changed = false;
            return resolve(true);
          }
          const done = (value: boolean) => {
            clearTimeout(timer);
            signal?.removeEventListener("abort", onAbort);
            wake = undefined;
            changed = false;
            resolve(value);
          };
          const onAbort = () => done(false);
          const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
          signal?.addEventListener("abort", onAbort, { once: true });
          wake = () => done(true);
        }),
      close: () => subscription.unsubscribe(),
    };
  }
}
