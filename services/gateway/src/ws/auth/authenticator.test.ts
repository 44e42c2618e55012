import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { wrongSecrets } from "@clawfleet/testkit";
import { originRefusal } from "../origin-check.js";
import { authenticate } from "./authenticator.js";
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
