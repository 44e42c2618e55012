import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { wrongSecrets } from "@clawfleet/testkit";
import { originRefusal } from "../origin-check.js";
import { authenticate, isMissingCredential } from "./authenticator.js";
import { FailureLimiter } from "./failure-limiter.js";
import { safeEqual } from "./safe-equal.js";

describe("authentication", () => {
  it("compares secrets of any length without throwing", () => {
    assert.equal(safeEqual("abc", "abc"), true);
    assert.equal(safeEqual("abc", "abcd"), false);
    assert.equal(safeEqual("", "x"), false);
  });

  it("accepts the token in either field, names what is missing or wrong", () => {
    const settings = { mode: "token" as const, token: "s3cret-token", loopback: false };
    assert.deepEqual(authenticate(settings, { token: "s3cret-token" }), { ok: true });
    assert.deepEqual(authenticate(settings, { password: "s3cret-token" }), { ok: true });
    assert.equal((authenticate(settings, {}) as { code: string }).code, "AUTH_TOKEN_MISSING");
    assert.equal(
      (authenticate(settings, { token: "nope" }) as { code: string }).code,
      "AUTH_TOKEN_MISMATCH",
    );
  });

  it("refuses wrong tokens and passwords of the same length, with a matching prefix, empty or short", () => {
    for (const mode of ["token", "password"] as const) {
      const secret = mode === "token" ? "tok-0123456789abcdef" : "pass-phrase-42";
      const settings = { mode, [mode]: secret, loopback: false };
      assert.deepEqual(authenticate(settings, { [mode]: secret }), { ok: true });
      for (const wrong of wrongSecrets(secret)) {
        const result = authenticate(settings, { token: wrong.value, password: wrong.value });
        assert.equal(result.ok, false, `${mode}: ${wrong.what} accepted`);
        assert.match(
          (result as { code: string }).code,
          wrong.value === "" ? /_MISSING$/ : /_MISMATCH$/,
          `${mode}: ${wrong.what}`,
        );
      }
      for (const wrong of wrongSecrets(secret))
        assert.equal(safeEqual(wrong.value, secret), false, `safeEqual: ${wrong.what}`);
    }
  });

  it("tells the user what to do: which secret is missing, wrong, or not configured", () => {
    const message = (result: ReturnType<typeof authenticate>) =>
      result.ok ? "accepted" : `${result.code}: ${result.message}`;
    const token = { mode: "token" as const, token: "tok-0123456789", loopback: false };
    const password = { mode: "password" as const, password: "pass-0123456789", loopback: false };
    assert.match(message(authenticate(token, {})), /^AUTH_TOKEN_MISSING: .*token missing/);
    assert.match(message(authenticate(token, { token: "x" })), /OPENCLAW_GATEWAY_TOKEN/);
    assert.match(message(authenticate(password, {})), /^AUTH_PASSWORD_MISSING: .*password missing/);
    assert.match(
      message(authenticate(password, { password: "x" })),
      /^AUTH_PASSWORD_MISMATCH: .*password mismatch/,
    );
    assert.match(
      message(authenticate({ mode: "password", loopback: false }, { password: "x" })),
      /^AUTH_NOT_CONFIGURED: .*mode is password but no password .*OPENCLAW_GATEWAY_PASSWORD/,
    );
    assert.match(
      message(authenticate({ mode: "token", loopback: false }, { token: "x" })),
      /^AUTH_NOT_CONFIGURED: .*mode is token but no token .*OPENCLAW_GATEWAY_TOKEN/,
    );
    assert.match(
      message(authenticate({ mode: "none", loopback: false }, undefined)),
      /non-loopback.*OPENCLAW_GATEWAY_TOKEN/,
    );
  });

  it("counts only a missing credential as not a guess", () => {
    assert.equal(isMissingCredential("AUTH_TOKEN_MISSING"), true);
    assert.equal(isMissingCredential("AUTH_PASSWORD_MISSING"), true);
    assert.equal(isMissingCredential("AUTH_TOKEN_MISMATCH"), false);
    assert.equal(isMissingCredential("AUTH_PASSWORD_MISMATCH"), false);
    assert.equal(isMissingCredential("AUTH_NOT_CONFIGURED"), false);
  });

  it("lets anyone in only on loopback when no auth is configured", () => {
    assert.deepEqual(authenticate({ mode: "none", loopback: true }, undefined), { ok: true });
    assert.equal(
      (authenticate({ mode: "none", loopback: false }, { token: "x" }) as { code: string }).code,
      "AUTH_NOT_CONFIGURED",
    );
    assert.equal(
      (authenticate({ mode: "token", loopback: false }, { token: "x" }) as { code: string }).code,
      "AUTH_NOT_CONFIGURED",
    );
  });

  it("blocks an address after too many failures for the rest of the window", () => {
    const limiter = new FailureLimiter({ maxFailures: 2, windowMs: 1000 });
    limiter.fail("a", 0);
    assert.equal(limiter.blockedFor("a", 1), 0);
    limiter.fail("a", 100);
    assert.equal(limiter.blockedFor("a", 200), 800);
    assert.equal(limiter.blockedFor("b", 200), 0);
    assert.equal(limiter.blockedFor("a", 1001), 0);
  });

  it("counts failures in a sliding window: the oldest that still counts sets the wait", () => {
    const limiter = new FailureLimiter({ maxFailures: 2, windowMs: 1000 });
    for (const at of [0, 100, 1050]) limiter.fail("a", at);
    // At 1060 the failure at 0 has left the window; 100 and 1050 block until 1100.
    assert.equal(limiter.blockedFor("a", 1060), 40);
    assert.equal(limiter.blockedFor("a", 1099), 1);
    assert.equal(
      limiter.blockedFor("a", 1100),
      0,
      "a failure exactly a window old no longer counts",
    );
    limiter.fail("a", 1100);
    assert.equal(limiter.blockedFor("a", 1100), 950, "1050 and 1100 count now");
  });

  it("blocks for at least a millisecond while the limit is reached", () => {
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs: 1000 });
    limiter.fail("a", 0);
    assert.equal(limiter.blockedFor("a", 999), 1);
    assert.equal(limiter.blockedFor("a", 1000), 0);
  });

  it("forgets addresses whose failures are all older than the window once over 10,000 are tracked", () => {
    const limiter = new FailureLimiter({ maxFailures: 3, windowMs: 1000 });
    for (let i = 0; i < 9_998; i++) limiter.fail(`old-${i}`, 0);
    limiter.fail("recent", 0);
    limiter.fail("recent", 500);
    limiter.fail("late", 1000);
    assert.equal(limiter.trackedKeys, 10_000, "no pruning up to 10,000 addresses");
    limiter.fail("later", 1000);
    assert.equal(
      limiter.trackedKeys,
      3,
      "only the addresses with a failure in the window are kept",
    );
    // "recent" failed at 0 (out of the window now) and at 500 (still in it): kept, with both.
    limiter.fail("recent", 1000);
    assert.equal(limiter.blockedFor("recent", 1000), 0, "two of three");
    limiter.fail("recent", 1001);
    assert.equal(limiter.blockedFor("recent", 1001), 499, "its failure at 500 was kept");
  });
});

describe("origins and addresses", () => {
  it("lets non-browsers and same-host pages in, refuses other origins unless listed", () => {
    assert.equal(originRefusal({ host: "app.fly.dev" }, []), undefined);
    assert.equal(
      originRefusal({ host: "app.fly.dev", origin: "https://app.fly.dev" }, []),
      undefined,
    );
    assert.equal(
      originRefusal(
        { host: "internal:3000", "x-forwarded-host": "app.fly.dev", origin: "https://app.fly.dev" },
        [],
      ),
      undefined,
    );
    assert.match(
      originRefusal({ host: "app.fly.dev", origin: "https://evil.example" }, [])!,
      /allowedOrigins/,
    );
    assert.equal(
      originRefusal({ host: "app.fly.dev", origin: "http://localhost:5173" }, [
        "http://localhost:5173",
      ]),
      undefined,
    );
    assert.match(originRefusal({ host: "a", origin: "null" }, [])!, /not allowed/);
  });
});
