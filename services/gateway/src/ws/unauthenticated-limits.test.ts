import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { after, describe, it } from "node:test";
import { silentLogger } from "@clawfleet/log";
import { ConnectionPolicy, type ConnectionLimits } from "../protocol/policy.js";
import { connectClient } from "../test-support/protocol-client.js";
import { openRawWebSocket } from "../test-support/raw-websocket.js";
import { FailureLimiter } from "./auth/failure-limiter.js";
import { proxyTrust, type ProxyTrust } from "./client-address.js";
import { ConnectionRegistry } from "./connection-registry.js";
import { attachWebSockets } from "./ws-server.js";

const TOKEN = "pre-auth-test-token-0123456789";
const servers: Server[] = [];

async function startServer(
  limits: Partial<ConnectionLimits> = {},
  trust?: ProxyTrust,
): Promise<{ port: number; sockets: Socket[] }> {
  const server = createServer();
  const sockets: Socket[] = [];
  server.on("connection", (socket) => sockets.push(socket));
  attachWebSockets(server, {
    methods: new Map(),
    registry: new ConnectionRegistry(),
    limiter: new FailureLimiter(),
    logger: silentLogger,
    policy: { ...ConnectionPolicy, ...limits },
    proxyTrust: trust && (() => trust),
    auth: () => ({ mode: "token", token: TOKEN, loopback: false }),
    allowedOrigins: () => [],
    hello: () => ({ server: { version: "t" }, features: { methods: [], events: [] } }),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { port: (server.address() as AddressInfo).port, sockets };
}

after(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

describe("unauthenticated sockets", () => {
  it("are cut while a large frame is still arriving, not after it was buffered whole", async () => {
    const { port, sockets } = await startServer();
    const { status, raw } = await openRawWebSocket(port);
    assert.equal(status, 101);
    const serverSide = sockets.at(-1)!;
    raw.sendFrameHeader(24 * 1024 * 1024);
    await raw.streamPayload(8 * 1024 * 1024);
    // The gateway cuts it (or, were the cap gone, the pre-auth timeout would): wait for that end.
    await raw.ended;
    assert.ok(
      serverSide.bytesRead < 1024 * 1024,
      `the server read ${serverSide.bytesRead} bytes of an unauthenticated frame`,
    );
  });

  it("are capped per address; an authenticated socket frees its place", async () => {
    const { port, sockets } = await startServer({ maxPreAuthSocketsPerAddress: 3 });
    const waiting = await Promise.all([1, 2, 3].map(() => openRawWebSocket(port)));
    assert.deepEqual(
      waiting.map((w) => w.status),
      [101, 101, 101],
    );
    const refused = await openRawWebSocket(port);
    assert.equal(refused.status, 503, "a fourth unauthenticated socket from one address");
    // The place is freed when the server sees the close: wait for its side of the socket to close.
    const freed = sockets.find((s) => s.remotePort === waiting[0]!.raw.socket.localPort)!;
    const serverClosed = new Promise((resolve) => freed.once("close", resolve));
    waiting[0]!.raw.socket.destroy();
    await serverClosed;
    const client = await connectClient(`ws://127.0.0.1:${port}`, { token: TOKEN });
    assert.equal(client.hello.ok, true, JSON.stringify(client.hello));
    const next = await openRawWebSocket(port);
    assert.equal(next.status, 101, "the authenticated socket no longer counts");
    for (const w of [...waiting, next]) w.raw.socket.destroy();
    client.close();
  });

  it("are capped overall", async () => {
    const { port } = await startServer({ maxPreAuthSockets: 2 });
    const waiting = await Promise.all([1, 2].map(() => openRawWebSocket(port)));
    assert.equal((await openRawWebSocket(port)).status, 503);
    for (const w of waiting) w.raw.socket.destroy();
  });
});

describe("wrong-token guesses", () => {
  async function guesses(port: number, headerOf: (i: number) => Record<string, string>) {
    let checked = 0;
    for (let i = 0; i < 30; i++) {
      const client = await connectClient(`ws://127.0.0.1:${port}`, {
        token: `guess-${i}`,
        headers: headerOf(i),
      });
      if (client.hello.error?.details?.code === "AUTH_TOKEN_MISMATCH") checked++;
      await client.closed;
    }
    return checked;
  }

  it("are limited per peer when forwarded headers rotate and no proxy is trusted (the default)", async () => {
    const { port } = await startServer({ maxPreAuthSocketsPerAddress: 1000 });
    const checked = await guesses(port, (i) => ({
      "x-forwarded-for": `203.0.113.${i + 1}`,
      "fly-client-ip": `198.51.100.${i + 1}`,
    }));
    assert.equal(checked, 10, "guesses checked with rotating X-Forwarded-For / Fly-Client-IP");
  });

  it("key on the forwarded client address only behind a configured proxy", async () => {
    const trust = proxyTrust({
      trustedProxies: ["127.0.0.0/8"],
      allowRealIpFallback: false,
      onFly: false,
    });
    const { port } = await startServer({ maxPreAuthSocketsPerAddress: 1000 }, trust);
    // The client prepends a forged entry; the proxy appends the real one, which is what counts.
    const checked = await guesses(port, (i) => ({
      "x-forwarded-for": `203.0.113.${i + 1}, 198.51.100.7`,
    }));
    assert.equal(checked, 10, "the forged left entries do not reset the count");
    const other = await connectClient(`ws://127.0.0.1:${port}`, {
      token: TOKEN,
      headers: { "x-forwarded-for": "198.51.100.8" },
    });
    assert.equal(other.hello.ok, true, "another real client is unaffected");
    other.close();
  });
});
