import assert from "node:assert/strict";
import { test } from "node:test";
import { SseParser } from "./signal-event-stream.js";

test("SSE: events split across chunks, keep-alive comments skipped, data lines joined", () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push(":\n\nevent:rec"), []);
  assert.deepEqual(parser.push('eive\ndata:{"a":1}\n'), []);
  assert.deepEqual(parser.push("\r\n:\ndata: x\ndata:y\n\n"), [
    { event: "receive", data: '{"a":1}' },
    { event: "message", data: "x\ny" },
  ]);
});
