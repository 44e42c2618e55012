import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, test } from "node:test";
import { blockedAddressReason } from "../domain/network/address-policy.js";
import { FetchRefusedError, safeFetch } from "./safe-fetch.js";
import { webFetchTool } from "./web-fetch-tool.js";

const ctx = {
  sessionKey: "agent:main:main",
  agentId: "main",
  signal: new AbortController().signal,
  effectId: () => "x",
};
let server: Server;
let port = 0;

before(async () => {
  server = createServer((req, res) => {
    const to = new URL(req.url ?? "/", "http://x").searchParams.get("to");
    if (to) return void res.writeHead(302, { location: to }).end();
    if (req.url === "/big")
      return void res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(100_000));
    if (req.url === "/hang") return; // never answers
    res
      .writeHead(200, { "content-type": "text/html" })
      .end(
        "<html><head><style>p{}</style></head><body><h1>Hello</h1><p>public &amp; page</p><script>evil()</script></body></html>",
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

/** The real policy, except that this test's own server on 127.0.0.1 counts as public. */
const onlyTestServer = (address: string) =>
  address === "127.0.0.1" ? undefined : blockedAddressReason(address);

describe("web_fetch", () => {
  test("refuses loopback, metadata, private and other local addresses before connecting", async () => {
    const tool = webFetchTool();
    const urls = [
      "http://127.0.0.1/",
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/",
      "http://192.168.1.1/",
      "http://172.16.5.4/",
      "http://0.0.0.0/",
      "http://[::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://[fd00:ec2::254]/",
      "http://[fe80::1]/",
      "http://100.64.0.1/",
      "http://localhost/",
      "http://metadata.google.internal/",
      "http://2130706433/",
      "http://0x7f.1/",
    ];
    for (const url of urls) {
      const out = await tool.run({ url }, ctx);
      assert.equal(out.isError, true, url);
      assert.match(out.content, /refusing to fetch/, `${url}: ${out.content}`);
    }
    const scheme = await tool.run({ url: "file:///etc/passwd" }, ctx);
    assert.match(scheme.content, /only http and https/);
  });

  test("re-checks every redirect: a public page redirecting to a local address is refused", async () => {
    const tool = webFetchTool({ blockedReason: onlyTestServer });
    for (const target of [
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/admin",
      "http://127.0.0.2/",
      `http://localhost:${port}/`,
      "http://[::ffff:127.0.0.1]/",
    ]) {
      const out = await tool.run(
        { url: `http://127.0.0.1:${port}/r?to=${encodeURIComponent(target)}` },
        ctx,
      );
      assert.equal(out.isError, true, target);
      assert.match(out.content, /refusing to fetch/, `${target}: ${out.content}`);
    }
  });

  test("refuses a host name that resolves to a private address (DNS is resolved here, then pinned)", async () => {
    const tool = webFetchTool({ resolve: async () => [{ address: "10.1.2.3", family: 4 }] });
    const out = await tool.run({ url: "http://innocent.example/" }, ctx);
    assert.match(out.content, /resolves to 10\.1\.2\.3/);
  });

  test("fetches an allowed page as text, wrapped as untrusted external content", async () => {
    const tool = webFetchTool({
      blockedReason: onlyTestServer,
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    });
    const out = await tool.run({ url: `http://public.example:${port}/page` }, ctx);
    assert.equal(out.isError, false, out.content);
    assert.match(
      out.content,
      /<<<EXTERNAL_UNTRUSTED_CONTENT>>>\nHello\npublic & page\n<<<END_EXTERNAL_UNTRUSTED_CONTENT>>>$/,
    );
    assert.doesNotMatch(out.content, /evil/);
  });

  test("caps the size and the time of a fetch", async () => {
    const big = await safeFetch(`http://127.0.0.1:${port}/big`, {
      maxBytes: 1000,
      timeoutMs: 5000,
      maxRedirects: 3,
      blockedReason: onlyTestServer,
    });
    assert.equal(big.body.length, 1000);
    assert.equal(big.truncated, true);
    // /hang never answers: a rejection at all is the timeout working.
    await assert.rejects(
      safeFetch(`http://127.0.0.1:${port}/hang`, {
        maxBytes: 1000,
        timeoutMs: 300,
        maxRedirects: 3,
        blockedReason: onlyTestServer,
      }),
      (e: Error) => e.name === "TimeoutError" || e.name === "AbortError",
    );
    await assert.rejects(
      safeFetch(
        `http://127.0.0.1:${port}/r?to=${encodeURIComponent(`http://127.0.0.1:${port}/r?to=/page`)}`,
        { maxBytes: 1000, timeoutMs: 3000, maxRedirects: 1, blockedReason: onlyTestServer },
      ),
      FetchRefusedError,
    );
  });
});
