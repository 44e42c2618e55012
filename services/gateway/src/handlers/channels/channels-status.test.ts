import assert from "node:assert/strict";
import { test } from "node:test";
import type { ChannelAccountStatus } from "@clawfleet/bus";
import { errorResolved } from "./channels-status.js";

const base: ChannelAccountStatus = {
  channel: "telegram",
  accountId: "default",
  configured: true,
  enabled: true,
  connected: true,
  lastError: "getUpdates failed",
  lastErrorAt: 1_000,
  lastConnectedAt: 2_000,
  updatedAt: 3_000,
};

test("an error is history only when the account connected after it and is still connected", () => {
  assert.equal(errorResolved(base), true);
  assert.equal(errorResolved({ ...base, lastErrorAt: 2_500 }), false, "failing since it connected");
  assert.equal(errorResolved({ ...base, connected: false }), false, "down: the error is current");
  assert.equal(errorResolved({ ...base, lastConnectedAt: undefined }), false, "no connection time");
  assert.equal(errorResolved({ ...base, lastError: undefined }), false, "no error at all");
});
