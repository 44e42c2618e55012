import assert from "node:assert/strict";
import { test } from "node:test";
import { isBrowserCredential, issueBrowserCredential } from "../ws/auth/browser-credential.js";
import { authenticate } from "../ws/auth/authenticator.js";
import { DASHBOARD_CODE_TTL_MS, DashboardCodes, dashboardCodeHash } from "./dashboard-codes.js";

test("a dashboard code is accepted once, and not after ten minutes", () => {
  let now = 1_000_000;
  const codes = new DashboardCodes(() => now);
  codes.register(dashboardCodeHash("cfo1_a"));
  codes.register(dashboardCodeHash("cfo1_b"));
  assert.equal(codes.redeem("cfo1_unknown"), false);
  assert.equal(codes.redeem("cfo1_a"), true);
  assert.equal(codes.redeem("cfo1_a"), false, "single use");
  now += DASHBOARD_CODE_TTL_MS;
  assert.equal(codes.redeem("cfo1_b"), false, "expired");
});

test("pending codes are bounded: the oldest goes first", () => {
  const codes = new DashboardCodes(() => 0);
  for (let i = 0; i < 100; i++) codes.register(dashboardCodeHash(`cfo1_${i}`));
  assert.equal(codes.redeem("cfo1_0"), false);
  assert.equal(codes.redeem("cfo1_99"), true);
});

test("a browser credential is checked against the secret it was issued under", () => {
  const credential = issueBrowserCredential("secret-one");
  assert.equal(isBrowserCredential(credential, "secret-one"), true);
  assert.equal(isBrowserCredential(credential, "secret-two"), false, "a new token revokes it");
  assert.equal(isBrowserCredential("cfb1_.", "secret-one"), false);
  assert.equal(isBrowserCredential("secret-one", "secret-one"), false);
  assert.ok(!credential.includes("secret-one"));
  const settings = { mode: "token" as const, token: "secret-one", loopback: true };
  assert.deepEqual(authenticate(settings, { token: credential }), { ok: true });
  assert.equal(authenticate(settings, { token: `${credential}x` }).ok, false);
});
