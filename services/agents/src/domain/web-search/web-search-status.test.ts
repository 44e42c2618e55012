import assert from "node:assert/strict";
import { test } from "node:test";
import type { WebSearchAvailability } from "@clawfleet/config";
import { followWebSearchStatus } from "./web-search-status.js";

const ready: WebSearchAvailability = {
  ready: true,
  settings: {
    apiKey: "BSA-k",
    endpoint: "https://x/res/v1/web/search",
    maxResults: 5,
    timeoutMs: 30_000,
    cacheTtlMs: 900_000,
  },
};
const missing: WebSearchAvailability = {
  ready: false,
  reason: "no Brave Search API key: set BRAVE_API_KEY",
};

test("says at start whether web_search is offered, and again only when a change alters that", () => {
  const lines: string[] = [];
  let state: WebSearchAvailability = missing;
  const changed = followWebSearchStatus(
    () => state,
    (line) => lines.push(line),
  );
  changed();
  state = ready;
  changed();
  changed();
  assert.deepEqual(lines, [
    "web_search: not offered: no Brave Search API key: set BRAVE_API_KEY",
    "web_search: offered (Brave, 5 results unless the model asks for more, results cached 15 min)",
  ]);
  assert.doesNotMatch(lines.join("\n"), /BSA-k/, "never the key");
});
