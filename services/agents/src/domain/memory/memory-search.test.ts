import assert from "node:assert/strict";
import { test } from "node:test";
import { searchMemory, tokenize } from "./memory-search.js";

const docs = [
  {
    path: "MEMORY.md",
    content: "# Memory\n\n- Ana prefers tea over coffee.\n- The owner's dentist is Dr. Rossi.",
  },
  {
    path: "memory/2026-01-30.md",
    content: "Talked about the trip to Lisbon.\nBooked the hotel near the river.",
  },
  { path: "memory/2026-01-31.md", content: "Ana's birthday is on March 3rd; she likes tea." },
];

test("terms are lower-cased words of any script", () => {
  assert.deepEqual(tokenize("Café, Zürich & 東京 — a B2"), ["café", "zürich", "東京", "b2"]);
});

test("hits are ranked: more of the query's terms and rarer terms first", () => {
  const hits = searchMemory(docs, "Ana tea birthday");
  assert.equal(hits[0]?.path, "memory/2026-01-31.md");
  assert.equal(hits[1]?.path, "MEMORY.md");
  assert.equal(hits.length, 2);
  assert.match(hits[0]!.snippet, /March 3rd/);
  assert.equal(hits[0]!.startLine, 1);
});

test("nothing matches: no hits; lines are reported for long files", () => {
  assert.deepEqual(searchMemory(docs, "submarine"), []);
  assert.deepEqual(searchMemory(docs, "  "), []);
  const long = {
    path: "memory/log.md",
    content:
      [...Array(30).keys()].map((i) => `line ${i}`).join("\n") + "\nthe password hint is falcon",
  };
  const [hit] = searchMemory([long], "falcon");
  assert.equal(hit?.endLine, 31);
  assert.ok(hit!.startLine > 20);
});
