import assert from "node:assert/strict";
import { test } from "node:test";
import { ReconnectMonitor } from "./reconnect-monitor.js";

test("five reconnects within a minute are a storm, reported once per minute", () => {
  let now = 0;
  const storms: number[] = [];
  const monitor = new ReconnectMonitor(
    (count) => storms.push(count),
    () => now,
  );
  for (let i = 0; i < 4; i++, now += 1000) monitor.reconnecting();
  assert.deepEqual(storms, []);
  monitor.reconnecting();
  assert.deepEqual(storms, [5]);
  now += 1000;
  monitor.reconnecting();
  assert.deepEqual(storms, [5], "not again within the window");
  now += 120_000;
  monitor.reconnecting();
  assert.deepEqual(storms, [5], "one reconnect after a quiet while is no storm");
});
