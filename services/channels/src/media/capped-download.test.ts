import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { downloadCapped } from "./capped-download.js";

const IMAGE = Buffer.from("89504e470d0a1a0a" + "00".repeat(500), "hex");

describe("downloadCapped (real HTTP server)", () => {
  let server: Server;
  let base: string;
  /** How many bytes the endless route wrote before the client stopped reading. */
  let endlessWritten = 0;
  let endlessClosed: Promise<void>;

  before(async () => {
    let closed: () => void = () => {};
    endlessClosed = new Promise((resolve) => (closed = resolve));
    server = createServer((req, res) => {
      if (req.url === "/image.png") {
        res.writeHead(200, { "content-type": "image/png", "content-length": IMAGE.length });
        res.end(IMAGE);
      } else if (req.url === "/big-declared") {
        res.writeHead(200, { "content-length": 5_000_000 });
        res.write(Buffer.alloc(1000));
      } else if (req.url === "/endless") {
        // Chunked, no length: the client must stop reading at its cap.
        res.writeHead(200, { "content-type": "image/png" });
        const chunk = Buffer.alloc(16_384, 1);
        const pump = () => {
          while (res.write(chunk)) {
            endlessWritten += chunk.length;
            if (endlessWritten > 50_000_000) return res.end();
          }
          res.once("drain", pump);
        };
        res.on("close", () => closed());
        pump();
      } else if (req.url === "/stall") {
        res.writeHead(200);
        res.write(Buffer.alloc(10));
      } else if (req.url === "/echo-auth") {
        res.writeHead(200);
        res.end(req.headers.authorization ?? "none");
      } else {
        res.writeHead(404);
        res.end("not found");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const limits = (maxBytes: number) => ({ maxBytes, signal: new AbortController().signal });

  it("returns the bytes the server sent", async () => {
    const result = await downloadCapped(`${base}/image.png`, limits(1_000_000));
    assert.ok(result.ok);
    assert.deepEqual(Buffer.from(result.bytes), IMAGE);
  });

  it("sends the headers it is given (a bearer token)", async () => {
    const result = await downloadCapped(`${base}/echo-auth`, {
      ...limits(1000),
      headers: { authorization: "Bearer xoxb-1" },
    });
    assert.ok(result.ok);
    assert.equal(Buffer.from(result.bytes).toString(), "Bearer xoxb-1");
  });

  it("answers a 404 with the status as the reason", async () => {
    const result = await downloadCapped(`${base}/gone.png`, limits(1000));
    assert.deepEqual(result, { ok: false, reason: "could not be fetched: 404" });
  });

  it("refuses a declared length over the cap without reading the body", async () => {
    const result = await downloadCapped(`${base}/big-declared`, limits(1_000_000));
    assert.deepEqual(result, { ok: false, reason: "4.8 MB, over the 977 KB limit" });
  });

  it("stops reading an undeclared stream at the cap (the server sees the client leave)", async () => {
    const result = await downloadCapped(`${base}/endless`, limits(1_000_000));
    assert.deepEqual(result, { ok: false, reason: "larger than the 977 KB limit" });
    await endlessClosed;
    assert.ok(
      endlessWritten < 20_000_000,
      `the server wrote ${endlessWritten} bytes before the client hung up`,
    );
  });

  it("gives up at its deadline with a reason", async () => {
    const result = await downloadCapped(`${base}/stall`, { ...limits(1000), timeoutMs: 500 });
    assert.deepEqual(result, { ok: false, reason: "could not be fetched: no answer within 1 s" });
  });

  it("reports a connection failure as the reason", async () => {
    const result = await downloadCapped("http://127.0.0.1:1/x.png", limits(1000));
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : "", /^could not be fetched: /);
  });
});
