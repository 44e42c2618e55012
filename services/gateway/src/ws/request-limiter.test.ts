import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RequestLimiter, type RequestRefusal } from "./request-limiter.js";

const limits = { requestsPerSecond: 20, requestBurst: 3, maxInFlight: 2 };

/** Admits one request at `now` and ends it at once, so only the rate can refuse it. */
function admitAndFinish(limiter: RequestLimiter, now: number): RequestRefusal | "admitted" {
  const answer = limiter.admit(now);
  if ("reason" in answer) return answer;
  answer.done();
  return "admitted";
}

describe("RequestLimiter (one connection's request budget, on a given clock)", () => {
  it("admits a burst at once, then refuses with reason rate and the wait until the next token", () => {
    const limiter = new RequestLimiter(limits, 1000);
    for (let i = 0; i < 3; i++) assert.equal(admitAndFinish(limiter, 1000), "admitted", `#${i}`);
    // 20 per second: one token every 50 ms.
    assert.deepEqual(admitAndFinish(limiter, 1000), { reason: "rate", retryAfterMs: 50 });
    assert.deepEqual(admitAndFinish(limiter, 1020), { reason: "rate", retryAfterMs: 30 });
  });

  it("refills at the sustained rate: one request per token, never more", () => {
    const limiter = new RequestLimiter(limits, 0);
    for (let i = 0; i < 3; i++) admitAndFinish(limiter, 0);
    assert.equal(admitAndFinish(limiter, 50), "admitted", "a token after 50 ms");
    assert.equal(typeof admitAndFinish(limiter, 50), "object", "only one");
    assert.equal(admitAndFinish(limiter, 100), "admitted");
  });

  it("caps the saved-up budget at the burst after a long idle time", () => {
    const limiter = new RequestLimiter(limits, 0);
    const answers = Array.from({ length: 5 }, () => admitAndFinish(limiter, 60_000));
    assert.deepEqual(
      answers.map((a) => (a === "admitted" ? a : a.reason)),
      ["admitted", "admitted", "admitted", "rate", "rate"],
    );
  });

  it("a clock stepping back takes no tokens away", () => {
    const limiter = new RequestLimiter(limits, 10_000);
    assert.equal(admitAndFinish(limiter, 10_000), "admitted");
    assert.equal(admitAndFinish(limiter, 5_000), "admitted", "the clock went back 5 s");
    assert.equal(admitAndFinish(limiter, 5_000), "admitted");
    assert.equal(typeof admitAndFinish(limiter, 5_000), "object", "the burst is spent");
  });

  it("bounds requests in flight; a finished request frees its place once, however often it ends", () => {
    const limiter = new RequestLimiter({ ...limits, requestBurst: 100 }, 0);
    const first = limiter.admit(0);
    const second = limiter.admit(0);
    assert.ok("done" in first && "done" in second);
    assert.equal(limiter.inFlight, 2);
    assert.deepEqual(limiter.admit(0), { reason: "in-flight", retryAfterMs: 100 });
    first.done();
    first.done();
    assert.equal(limiter.inFlight, 1, "ending twice frees one place");
    const third = limiter.admit(0);
    assert.ok("done" in third, "the freed place is used");
    assert.deepEqual(limiter.admit(0), { reason: "in-flight", retryAfterMs: 100 });
    second.done();
    third.done();
    assert.equal(limiter.inFlight, 0);
  });

  it("a refused request takes no token", () => {
    const limiter = new RequestLimiter({ ...limits, maxInFlight: 1 }, 0);
    const held = limiter.admit(0);
    assert.ok("done" in held);
    for (let i = 0; i < 5; i++)
      assert.deepEqual(limiter.admit(0), { reason: "in-flight", retryAfterMs: 100 });
    held.done();
    assert.equal(admitAndFinish(limiter, 0), "admitted");
    assert.equal(
      admitAndFinish(limiter, 0),
      "admitted",
      "three tokens, one used by the held request",
    );
    assert.equal(typeof admitAndFinish(limiter, 0), "object");
  });
});
