import assert from "node:assert/strict";
import { test } from "node:test";
import { agentsOptions, DefaultAgentsOptions } from "./agents-options.js";

test("unset timing options take the production defaults; given ones win", () => {
  assert.deepEqual(agentsOptions(), DefaultAgentsOptions);
  const options = agentsOptions({ leaseTtlMs: 900, leaseRenewMs: 300 });
  assert.equal(options.leaseTtlMs, 900);
  assert.equal(options.leaseRenewMs, 300);
  assert.equal(options.turnsAckWaitMs, DefaultAgentsOptions.turnsAckWaitMs);
});

test("a timing that cannot work is refused, naming the option", () => {
  assert.throws(() => agentsOptions({ leaseTtlMs: 0 }), /leaseTtlMs/);
  assert.throws(() => agentsOptions({ turnsAckWaitMs: Number.NaN }), /turnsAckWaitMs/);
  assert.throws(
    () => agentsOptions({ leaseTtlMs: 1000, leaseRenewMs: 1000 }),
    /leaseRenewMs \(1000\) must be below leaseTtlMs/,
  );
});
