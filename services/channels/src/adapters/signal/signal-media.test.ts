import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { signalInboundMedia } from "./signal-media.js";
import { SignalRpc } from "./signal-rpc.js";

// A daemon answering every getAttachment with `file` in base64: the size signal-cli declared in the
// envelope does not bound what the channels process reads.
let server: Server;
let file = Buffer.alloc(0);
let rpc: SignalRpc;

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: { data: file.toString("base64") } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  rpc = new SignalRpc(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, "+15550001111");
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const photo = (size: number) =>
  signalInboundMedia({ contentType: "image/png", id: "a.png", size, filename: "a.png" }, rpc);
const limits = (maxBytes: number) => ({ maxBytes, signal: AbortSignal.timeout(10_000) });

test("the file's bytes come back decoded", async () => {
  file = Buffer.from("an image's bytes");
  assert.deepEqual(await photo(file.length).fetch(limits(1000)), { ok: true, bytes: file });
});

test("a file larger than declared is refused without reading it all", async () => {
  file = Buffer.alloc(300_000, 7);
  assert.deepEqual(await photo(10).fetch(limits(100_000)), {
    ok: false,
    reason: "larger than the 98 KB limit",
  });
  file = Buffer.alloc(100_001, 7);
  assert.deepEqual(await photo(10).fetch(limits(100_000)), {
    ok: false,
    reason: "98 KB, over the 98 KB limit",
  });
});

test("an attachment signal-cli did not download is a reason, not a request", async () => {
  const skipped = signalInboundMedia({ contentType: "image/png", id: null }, rpc);
  assert.equal(skipped.kind, "image");
  assert.deepEqual(await skipped.fetch(limits(1000)), {
    ok: false,
    reason: "could not be fetched: signal-cli did not download it",
  });
});
