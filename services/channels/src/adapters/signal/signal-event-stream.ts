import type { IncomingMessage } from "node:http";
import { signalTransportError } from "./signal-errors.js";
import { httpCall } from "./signal-http.js";
import { ChannelsError, ChannelsErrorCode } from "../../errors.js";

/** One server-sent event: its type (`receive`) and its data lines joined. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/** signal-cli writes a `:` keep-alive every 15 s; a stream silent for this long is dead. */
const IDLE_LIMIT_MS = 45_000;

/** Splits a text stream into server-sent events (WHATWG rules: `event:`, `data:`, `:` comments, blank line ends one). */
export class SseParser {
  #buffer = "";
  #event = "";
  #data: string[] = [];

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: string): ServerSentEvent[] {
    this.#buffer += chunk;
    const done: ServerSentEvent[] = [];
    for (let end = this.#buffer.indexOf("\n"); end >= 0; end = this.#buffer.indexOf("\n")) {
      const line = this.#buffer.slice(0, end).replace(/\r$/, "");
      this.#buffer = this.#buffer.slice(end + 1);
      if (line === "") {
        if (this.#data.length)
          done.push({ event: this.#event || "message", data: this.#data.join("\n") });
        this.#event = "";
        this.#data = [];
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") this.#event = value;
      else if (field === "data") this.#data.push(value);
    }
    return done;
  }
}

/**
 * Opens signal-cli's event stream (`GET /api/v1/events?account=…`): resolves once the daemon has
 * answered (it flushes the headers at once), rejecting when it cannot be reached or refuses the
 * account (HTTP 400). The events then flow until the stream ends, goes silent past the keep-alive
 * interval (a half-open connection), or `signal` aborts.
 */
export async function openSignalEvents(
  baseUrl: string,
  account: string | undefined,
  signal: AbortSignal,
): Promise<AsyncGenerator<ServerSentEvent>> {
  const url = new URL("/api/v1/events", baseUrl);
  if (account) url.searchParams.set("account", account);
  const idle = new AbortController();
  let timer = setTimeout(() => idle.abort(), IDLE_LIMIT_MS);
  const both = AbortSignal.any([signal, idle.signal]);
  let response: IncomingMessage;
  try {
    response = await httpCall(
      url,
      { method: "GET", headers: { accept: "text/event-stream" } },
      both,
    );
  } catch (error) {
    clearTimeout(timer);
    throw signalTransportError(error, baseUrl, "the event stream");
  }
  const status = response.statusCode ?? 0;
  if (status !== 200) {
    clearTimeout(timer);
    response.destroy();
    if (status === 400)
      throw new ChannelsError(
        ChannelsErrorCode.Refused,
        `signal-cli has no account ${account}: link it with \`clawfleet channels login signal\` or register it (docs/deploy-fly.md, Signal)`,
      );
    throw signalTransportError(new Error(`HTTP ${status}`), baseUrl, "the event stream");
  }
  response.setEncoding("utf8");
  return (async function* () {
    const parser = new SseParser();
    try {
      for await (const chunk of response as AsyncIterable<string>) {
        clearTimeout(timer);
        timer = setTimeout(() => idle.abort(), IDLE_LIMIT_MS);
        yield* parser.push(chunk);
      }
    } catch (error) {
      if (signal.aborted) return;
      if (idle.signal.aborted)
        throw signalTransportError(
          new Error(`silent for ${IDLE_LIMIT_MS / 1000} s`),
          baseUrl,
          "the event stream",
        );
      throw signalTransportError(error, baseUrl, "the event stream");
    } finally {
      clearTimeout(timer);
      response.destroy();
    }
  })();
}
