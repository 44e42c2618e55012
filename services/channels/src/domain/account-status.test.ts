import assert from "node:assert/strict";
import { test } from "node:test";
import type { AccountSpec } from "./account-spec.js";
import { accountStatus } from "./account-status.js";

const spec: AccountSpec = {
  channel: "discord",
  accountId: "default",
  enabled: true,
  token: "t",
  apiBase: undefined,
  mode: "gateway",
  webhookUrl: undefined,
  webhookSecret: undefined,
  chunkLimit: 2000,
  mediaMaxMb: 0,
  sendReadReceipts: false,
  access: {},
  problem: undefined,
};
const now = 1_000_000;

test("connected only while the record's writer holds a live lease", () => {
  const stored = {
    instance: "a",
    connected: true,
    botName: "claw",
    lastInboundAt: 5,
    updatedAt: now - 10,
  };
  const live = { holder: "a", acquiredAt: now - 5000, renewedAt: now - 1000, ttlMs: 10_000 };
  assert.deepEqual(accountStatus(spec, stored, live, now), {
    channel: "discord",
    accountId: "default",
    configured: true,
    enabled: true,
    connected: true,
    mode: "gateway",
    updatedAt: now - 10,
    holder: "a",
    botName: "claw",
    lastInboundAt: 5,
  });
  const expired = { ...live, renewedAt: now - 20_000 };
  assert.equal(
    accountStatus(spec, stored, expired, now).connected,
    false,
    "a dead holder's record does not count",
  );
  assert.equal(accountStatus(spec, stored, expired, now).holder, undefined);
  assert.equal(
    accountStatus(spec, stored, { ...live, holder: "b" }, now).connected,
    false,
    "another instance took over",
  );
});

test("a configuration problem is the account's error", () => {
  const status = accountStatus(
    { ...spec, token: undefined, problem: "no bot token: set X" },
    undefined,
    undefined,
    now,
  );
  assert.deepEqual([status.connected, status.lastError], [false, "no bot token: set X"]);
});
