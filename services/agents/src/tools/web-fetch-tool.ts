import { FetchRefusedError, safeFetch, type SafeFetchOptions } from "./safe-fetch.js";
import { htmlToText } from "./html-text.js";
import { wrapUntrusted } from "./untrusted-content.js";
import { stringField, toolError, type AgentTool } from "./agent-tool.js";

/** Limits of `web_fetch`. */
export const WebFetchLimits = {
  maxBytes: 2 * 1024 * 1024,
  timeoutMs: 15_000,
  maxRedirects: 5,
  maxChars: 20_000,
} as const;

/** Capabilities `web_fetch` may be given instead of the system resolver and the default address policy. */
export type WebFetchNetwork = Pick<SafeFetchOptions, "resolve" | "blockedReason">;

/** `web_fetch`: reads a public web page as text, wrapped as untrusted external content. */
export function webFetchTool(network: WebFetchNetwork = {}): AgentTool {
  return {
    spec: {
      name: "web_fetch",
      description:
        "Fetch a public http(s) URL and return its text (HTML converted to text). Local and private network addresses are refused.",
      inputSchema: {
        type: "object",
        properties: {
          url: { type: "string", description: "http or https URL" },
          maxChars: {
            type: "number",
            description: `at most this many characters (default ${WebFetchLimits.maxChars})`,
          },
        },
        required: ["url"],
      },
    },
    async run(input, ctx) {
      const url = stringField(input, "url");
      if (!url) return toolError("web_fetch needs a url");
      const maxChars = Math.min(
        WebFetchLimits.maxChars,
        typeof input["maxChars"] === "number" && input["maxChars"] > 0
          ? Math.floor(input["maxChars"])
          : WebFetchLimits.maxChars,
      );
      try {
        const page = await safeFetch(url, { ...WebFetchLimits, ...network, signal: ctx.signal });
        const raw = page.body.toString("utf8");
        const text = /html/i.test(page.contentType) ? htmlToText(raw) : raw;
        const clipped = text.length > maxChars ? `${text.slice(0, maxChars)}\n[… truncated]` : text;
        const header = `${page.url} → HTTP ${page.status}${page.truncated ? " (body truncated)" : ""}`;
        return {
          content: `${header}\n${wrapUntrusted(clipped)}`,
          isError: page.status >= 400,
        };
      } catch (error) {
        if (error instanceof FetchRefusedError) return toolError(error.message);
        const e = error as Error;
        return toolError(
          e.name === "TimeoutError" || e.name === "AbortError"
            ? `fetching ${url} took too long`
            : `fetching ${url} failed: ${e.message}`,
        );
      }
    },
  };
}
