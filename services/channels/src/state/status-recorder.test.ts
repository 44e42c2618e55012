import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import type { StoredStatus } from "../domain/account-status.js";
import { StatusRecorder, type StatusBucket } from "./status-recorder.js";

/** A bucket that keeps what was put, enough for the recorder. */
function memoryBucket(): StatusBucket & { last(): StoredStatus | undefined } {
  let value: StoredStatus | undefined;
  return {
    get: async () => (value ? { value } : undefined),
    put: async (_key: string, next: StoredStatus) => {
      value = next;
    },
    last: () => value,
  } as unknown as StatusBucket & { last(): StoredStatus | undefined };
}

test("records when the connection last came up, and keeps it across a standby's takeover", async (t) => {
  t.mock.timers.enable({ apis: ["Date"], now: 10_000 });
  const bucket = memoryBucket();
  const recorder = new StatusRecorder(
    bucket,
    "status.telegram.default",
    "vm-a",
    "polling",
    silentLogger,
  );
  recorder.connection(true);
  assert.equal(recorder.current.lastConnectedAt, 10_000);
  t.mock.timers.tick(5_000);
  recorder.connection(true, "claw_bot");
  assert.equal(recorder.current.lastConnectedAt, 10_000, "still the same connection");
  recorder.error("getUpdates failed");
  recorder.connection(false);
  t.mock.timers.tick(5_000);
  recorder.connection(true);
  assert.equal(recorder.current.lastConnectedAt, 20_000, "a new connection");
  await recorder.close();

  const standby = new StatusRecorder(
    bucket,
    "status.telegram.default",
    "vm-b",
    "polling",
    silentLogger,
  );
  await standby.load();
  assert.equal(standby.current.lastConnectedAt, 20_000);
  assert.equal(standby.current.lastError, "getUpdates failed");
});
