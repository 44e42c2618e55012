import type { Page } from "playwright-core";
import { parseFrame } from "../../compat/support/control-ui-browser.js";

/** A page's `chat.history` answers held back until released (the rest of the socket flows). */
export interface HeldHistory {
  /** Resolves once an answer is being held. */
  readonly holding: Promise<void>;
  /** Lets the held answers through (in the order they came, or newest first), and every later one at once. */
  release(order?: "as-they-came" | "newest-first"): void;
}

/**
 * Routes the page's gateway WebSocket through the test so the answers to `chat.history` wait
 * until {@link HeldHistory.release}: a slow history load, on demand. Call before the page opens.
 */
export async function holdChatHistory(page: Page): Promise<HeldHistory> {
  const historyIds = new Set<string>();
  const held: (() => void)[] = [];
  let released = false;
  let noteHolding!: () => void;
  const holding = new Promise<void>((resolve) => (noteHolding = resolve));
  await page.routeWebSocket(/.*/, (browserSide) => {
    const gatewaySide = browserSide.connectToServer();
    browserSide.onMessage((message) => {
      const frame = parseFrame(message);
      if (frame?.type === "req" && frame.method === "chat.history")
        historyIds.add(String(frame.id));
      gatewaySide.send(message);
    });
    gatewaySide.onMessage((message) => {
      const frame = parseFrame(message);
      if (released || frame?.type !== "res" || !historyIds.has(String(frame.id)))
        return browserSide.send(message);
      held.push(() => browserSide.send(message));
      noteHolding();
    });
  });
  return {
    holding,
    release(order = "as-they-came") {
      released = true;
      const answers = held.splice(0);
      if (order === "newest-first") answers.reverse();
      for (const send of answers) send();
    },
  };
}
