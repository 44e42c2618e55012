import * as z from "zod";

/** The Brave Search API's public base URL. */
export const BRAVE_DEFAULT_BASE_URL = "https://api.search.brave.com";

const PRIVATE_HOST =
  /^(127(\.\d{1,3}){3}|10(\.\d{1,3}){3}|192\.168(\.\d{1,3}){2}|172\.(1[6-9]|2\d|3[01])(\.\d{1,3}){2}|\[::1\]|\[f[cd][0-9a-f]{2}:[0-9a-f:]*\])$/i;

/** A Brave base URL: https, or http only for a proxy at a loopback or private IP address (as OpenClaw). */
const BraveBaseUrlSchema = z.url().refine(
  (value) => {
    const url = new URL(value);
    return (
      url.protocol === "https:" || (url.protocol === "http:" && PRIVATE_HOST.test(url.hostname))
    );
  },
  { message: "must be https (http only for a proxy at a loopback or private IP address)" },
);

/** `plugins.entries.brave`: the Brave Search provider of `web_search`. */
export const BraveEntrySchema = z.object({
  enabled: z.boolean().default(true),
  config: z
    .object({
      webSearch: z
        .object({
          apiKey: z.string().min(1).optional().describe("BRAVE_API_KEY when absent"),
          mode: z
            .enum(["web", "llm-context"])
            .default("web")
            .describe('clawfleet supports "web" only'),
          baseUrl: BraveBaseUrlSchema.optional().describe(
            `Brave-compatible proxy (default ${BRAVE_DEFAULT_BASE_URL}); /res/v1/web/search is appended`,
          ),
        })
        .prefault({}),
    })
    .prefault({}),
});
