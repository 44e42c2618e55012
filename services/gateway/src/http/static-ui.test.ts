import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { serveControlUi } from "./static-ui.js";

let dir: string;
let server: Server;
let base: string;
let basePath = "/";

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "clawfleet-ui-dir-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>ui</title>");
  writeFileSync(join(dir, "assets", "app.js"), "console.log(1)");
  writeFileSync(join(tmpdir(), "clawfleet-outside.txt"), "secret");
  server = createServer((req, res) => {
    if (!serveControlUi(req, res, basePath, dir)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(tmpdir(), "clawfleet-outside.txt"), { force: true });
});

describe("serving the Control UI", () => {
  it("serves the app with headers that keep ?token= out of referrers and the page out of frames", async () => {
    const page = await fetch(`${base}/?token=abc`);
    assert.equal(page.status, 200);
    assert.equal(await page.text(), "<!doctype html><title>ui</title>");
    assert.equal(page.headers.get("referrer-policy"), "no-referrer");
    assert.equal(page.headers.get("x-frame-options"), "DENY");
    assert.equal(page.headers.get("cache-control"), "no-cache");
    const asset = await fetch(`${base}/assets/app.js`);
    assert.equal(asset.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.match(asset.headers.get("cache-control")!, /immutable/);
    assert.equal(
      await (await fetch(`${base}/sessions/deep/link`)).text(),
      "<!doctype html><title>ui</title>",
      "app routes fall back to index.html",
    );
  });

  it("never serves files outside its directory", async () => {
    for (const path of [
      "/../clawfleet-outside.txt",
      "/%2e%2e/clawfleet-outside.txt",
      "/assets/..%2f..%2fclawfleet-outside.txt",
    ]) {
      const body = await (await fetch(`${base}${path}`)).text();
      assert.doesNotMatch(body, /secret/, path);
    }
  });

  it("serves under a base path, redirecting the bare path and leaving other paths alone", async () => {
    basePath = "/ui";
    try {
      const bare = await fetch(`${base}/ui?token=t`, { redirect: "manual" });
      assert.equal(bare.status, 301);
      assert.equal(bare.headers.get("location"), "/ui/?token=t");
      assert.equal((await fetch(`${base}/ui/`)).status, 200);
      const root = await fetch(`${base}/`, { redirect: "manual" });
      assert.deepEqual([root.status, root.headers.get("location")], [302, "/ui/"]);
      assert.equal((await fetch(`${base}/other`)).status, 404);
    } finally {
      basePath = "/";
    }
  });
});
