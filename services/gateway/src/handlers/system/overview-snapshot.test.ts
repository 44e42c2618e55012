import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Snapshot } from "./overview-snapshot.js";

describe("a snapshot behind health and status", () => {
  it("gathers once for a flood of concurrent and repeated calls, again once it is stale", async () => {
    let gathered = 0;
    const snapshot = new Snapshot(async () => {
      gathered++;
      await new Promise((r) => setTimeout(r, 20));
      return gathered;
    }, 200);
    const values = await Promise.all(Array.from({ length: 20_000 }, () => snapshot.get()));
    assert.equal(gathered, 1);
    assert.ok(values.every((v) => v === 1));
    assert.equal(await snapshot.get(), 1, "fresh: no new gathering");
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(await snapshot.get(), 2);
  });

  it("tries again after a failed gathering", async () => {
    let calls = 0;
    const snapshot = new Snapshot(async () => {
      if (++calls === 1) throw new Error("bus down");
      return "ok";
    }, 10_000);
    await assert.rejects(snapshot.get(), /bus down/);
    assert.equal(await snapshot.get(), "ok");
  });
});
