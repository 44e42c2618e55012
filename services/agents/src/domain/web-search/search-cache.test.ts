import assert from "node:assert/strict";
import { test } from "node:test";
import { SearchCache } from "./search-cache.js";

test("a search cache entry lives for the TTL, a shorter TTL applies at once, and the size is bounded (LRU)", () => {
  let now = 0;
  const cache = new SearchCache<string>(3, () => now);
  cache.set("a", "A", 60_000);
  now = 59_999;
  assert.equal(cache.get("a", 60_000), "A");
  assert.equal(cache.get("a", 1_000), undefined, "a shorter TTL does not reuse an older entry");
  cache.set("a", "A", 60_000);
  now += 60_000;
  assert.equal(cache.get("a", 60_000), undefined, "expired");
  cache.set("x", "X", 0);
  assert.equal(cache.size, 0, "TTL 0 stores nothing");
  for (const key of ["1", "2", "3"]) cache.set(key, key, 60_000);
  cache.get("1", 60_000);
  cache.set("4", "4", 60_000);
  assert.equal(cache.size, 3);
  assert.equal(cache.get("2", 60_000), undefined, "least recently used dropped");
  assert.equal(cache.get("1", 60_000), "1");
});
