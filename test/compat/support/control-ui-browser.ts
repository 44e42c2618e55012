import { chromium, type Browser, type Page } from "playwright-core";

/** A Chromium page on OpenClaw's Control UI, with what went wrong on it recorded. */
export interface WatchedControlUi {
  browser: Browser;
  page: Page;
  /** Page errors and console errors, each prefixed with the page (route) it happened on. */
  errors: string[];
  /** Methods the gateway answered with "unknown method", with the page they were called on. */
  unknownMethods: string[];
  /** Every method the page called. */
  called: Set<string>;
  /** Sets the label the next errors are recorded under (the route being visited). */
  at(route: string): void;
}

/** Launches headless Chromium and records page errors, console errors and unknown-method answers. */
export async function watchControlUi(): Promise<WatchedControlUi> {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  const page = await browser.newPage();
  let route = "/";
  const watched: WatchedControlUi = {
    browser,
    page,
    errors: [],
    unknownMethods: [],
    called: new Set(),
    at: (r) => void (route = r),
  };
  page.on("pageerror", (error) => watched.errors.push(`${route}: pageerror: ${error.message}`));
  page.on("console", (m) => m.type() === "error" && watched.errors.push(`${route}: ${m.text()}`));
  page.on("websocket", (ws) => {
    const methods = new Map<string, string>();
    ws.on("framesent", (f) => {
      const frame = parseFrame(f.payload);
      if (frame?.type !== "req") return;
      methods.set(String(frame.id), String(frame.method));
      watched.called.add(String(frame.method));
    });
    ws.on("framereceived", (f) => {
      const frame = parseFrame(f.payload);
      const error = frame?.error as { message?: string } | undefined;
      if (frame?.type === "res" && /unknown method/.test(error?.message ?? ""))
        watched.unknownMethods.push(`${route}: ${methods.get(String(frame.id)) ?? "?"}`);
    });
  });
  return watched;
}

/** One gateway frame, or undefined when the payload is not JSON. */
export function parseFrame(payload: string | Buffer): Record<string, unknown> | undefined {
  try {
    return JSON.parse(String(payload)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
