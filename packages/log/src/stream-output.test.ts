import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { test } from "node:test";
import { createLogger } from "./logger.js";
import { streamOutput } from "./stream-output.js";

/**
 * Behaves like Node's stdout on a closed terminal: every write is taken, then reported as an EIO
 * `error` event on the next tick — the stream never ends, so each later write fails the same way.
 */
class ClosedTerminal extends EventEmitter {
  writes = 0;
  write(_chunk: string): boolean {
    this.writes++;
    process.nextTick(() =>
      this.emit("error", Object.assign(new Error("write EIO"), { code: "EIO" })),
    );
    return true;
  }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

test("a logger on a closed terminal stops writing after the first failure, which is reported once and never thrown", async () => {
  const terminal = new ClosedTerminal();
  const output = streamOutput(terminal);
  const losses: Error[] = [];
  output.onLost((error) => losses.push(error));
  const log = createLogger(
    { service: "all", instance: "i1", level: "info", format: "pretty" },
    { write: output.write },
  );
  log.info("ready");
  await nextTurn();
  // What the process's uncaught-exception handler did with every failure before: log it.
  for (let i = 0; i < 1000; i++) log.fatal("uncaught exception; shutting down");
  await nextTurn();
  assert.equal(terminal.writes, 1, "nothing is written after the stream failed");
  assert.equal(losses.length, 1);
  assert.equal((losses[0] as NodeJS.ErrnoException).code, "EIO");
  assert.equal(output.lost, losses[0]);
  assert.equal(streamOutput(terminal), output, "one output per stream");
});

test("a write that throws ends the output too; a listener added afterwards still hears of it", async () => {
  let writes = 0;
  const stream = Object.assign(new EventEmitter(), {
    write() {
      writes++;
      throw Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
    },
  });
  const output = streamOutput(stream);
  output.write("one");
  output.write("two");
  assert.equal(writes, 1);
  const late = await new Promise<Error>((resolve) => output.onLost(resolve));
  assert.equal((late as NodeJS.ErrnoException).code, "EPIPE");
});

test("lines reach a working stream with their newline", () => {
  const chunks: string[] = [];
  const stream = Object.assign(new EventEmitter(), {
    write: (chunk: string) => chunks.push(chunk),
  });
  const output = streamOutput(stream);
  output.write("a");
  output.write("b");
  assert.deepEqual(chunks, ["a\n", "b\n"]);
  assert.equal(output.lost, undefined);
});
