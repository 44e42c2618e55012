import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { createLogger } from "@clawfleet/log";
import { GatewayError, ErrorCode } from "../errors.js";
import { defineMethod } from "../handlers/method.js";
import { ConnectionPolicy } from "../protocol/policy.js";
import { Scope } from "../protocol/scopes.js";
import { connectClient } from "../test-support/protocol-client.js";
import { FailureLimiter } from "./auth/failure-limiter.js";
import { proxyTrust } from "./client-address.js";
import { ConnectionRegistry } from "./connection-registry.js";
import { attachWebSockets } from "./ws-server.js";
import * as z from "zod";

const TOKEN = "conn-test-token-0123456789";
const policy = {
  ...ConnectionPolicy,
  tickIntervalMs: 100,
  preAuthTimeoutMs: 300,
  preAuthMaxPayload: 1024,
};
let server: Server;
let url: string;
let registry: ConnectionRegistry;
let slowRelease: () => void = () => {};
let releaseHeld: () => void = () => {};
let held = new Promise<void>((resolve) => (releaseHeld = resolve));
/** Every line the gateway logged, parsed from JSON (debug and up). */
const logged: { level: string; msg: string }[] = [];
const logger = createLogger(
  { service: "gateway", instance: "t", level: "debug", format: "json" },
  { write: (line) => logged.push(JSON.parse(line) as { level: string; msg: string }) },
);

before(async () => {
  server = createServer();
  registry = new ConnectionRegistry();
  const methods = new Map(
    [
      defineMethod("echo", Scope.Read, z.looseObject({ value: z.string() }), async (p) => ({
        value: p.value,
      })),
      defineMethod(
        "slow",
        Scope.Read,
        z.looseObject({}),
        () => new Promise((resolve) => (slowRelease = () => resolve({ slow: true }))),
      ),
      defineMethod("hold", Scope.Read, z.looseObject({}), async () => {
        await held;
        return { held: true };
      }),
      defineMethod("write.thing", Scope.Write, z.looseObject({}), async () => ({ wrote: true })),
      defineMethod("fails", Scope.Read, z.looseObject({}), async () => {
        throw new GatewayError(ErrorCode.Unavailable, "the agents service is not running");
      }),
      defineMethod("crashes", Scope.Read, z.looseObject({}), async () => {
        throw new Error("secret internal detail");
      }),
    ].map((m) => [m.name, m]),
  );
  attachWebSockets(server, {
    methods,
    registry,
    limiter: new FailureLimiter({ maxFailures: 3, windowMs: 60_000 }),
    logger,
    policy,
    // The tests name their client in X-Forwarded-For, as a proxy on 127.0.0.1 would.
    proxyTrust: () =>
      proxyTrust({ trustedProxies: ["127.0.0.1"], allowRealIpFallback: false, onFly: false }),
    auth: () => ({ mode: "token", token: TOKEN, loopback: false }),
    allowedOrigins: () => ["https://allowed.example"],
    hello: () => ({
      server: { version: "t" },
      features: { methods: [...methods.keys()], events: [] },
      snapshot: {},
    }),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

describe("a gateway connection", () => {
  it("sends a challenge, then answers connect with hello-ok carrying the granted scopes and the policy", async () => {
    const client = await connectClient(url, { token: TOKEN, scopes: ["operator.read"] });
    const challenge = client.frames[0]!;
    assert.equal(challenge.event, "connect.challenge");
    assert.match(challenge.payload.nonce, /^[0-9a-f-]{36}$/);
    assert.equal(typeof challenge.payload.ts, "number");
    assert.equal(client.hello.ok, true, JSON.stringify(client.hello));
    assert.equal(client.hello.payload.type, "hello-ok");
    assert.equal(client.hello.payload.protocol, 4);
    assert.deepEqual(client.hello.payload.auth, { role: "operator", scopes: ["operator.read"] });
    assert.equal(client.hello.payload.policy.tickIntervalMs, 100);
    assert.ok(client.hello.payload.server.connId);
    client.close();
  });

  it("refuses a wrong token with INVALID_REQUEST, AUTH_TOKEN_MISMATCH and close 1008", async () => {
    const client = await connectClient(url, {
      token: "nope",
      headers: { "x-forwarded-for": "203.0.113.7" },
    });
    assert.equal(client.hello.ok, false);
    assert.equal(client.hello.error!.code, "INVALID_REQUEST");
    assert.match(client.hello.error!.message, /^unauthorized: gateway token mismatch/);
    assert.equal(client.hello.error!.details.code, "AUTH_TOKEN_MISMATCH");
    assert.equal(client.hello.error!.details.recommendedNextStep, "update_auth_credentials");
    const closed = await client.closed;
    assert.equal(closed.code, 1008);
    assert.match(
      closed.reason,
      /^unauthorized: gateway token mismatch/,
      "closed for the refusal, not by the connect timeout",
    );
  });

  it("names a missing token", async () => {
    const client = await connectClient(url, {});
    assert.equal(client.hello.error!.details.code, "AUTH_TOKEN_MISSING");
    assert.equal((await client.closed).code, 1008);
  });

  it("logs a connect without any credential at debug, without counting it as a failed attempt", async () => {
    const headers = { "x-forwarded-for": "198.51.100.20" };
    const before = logged.length;
    for (let i = 0; i < 5; i++)
      assert.equal(
        (await connectClient(url, { headers })).hello.error!.details.code,
        "AUTH_TOKEN_MISSING",
      );
    const lines = logged.slice(before).filter((l) => l.msg.includes("198.51.100.20"));
    assert.equal(lines.length, 5, JSON.stringify(lines));
    assert.deepEqual(new Set(lines.map((l) => l.level)), new Set(["debug"]));
    const right = await connectClient(url, { token: TOKEN, headers });
    assert.equal(right.hello.ok, true, "five tokenless connects do not block the right token");
    right.close();
  });

  it("warns about a wrong token and counts it", async () => {
    const headers = { "x-forwarded-for": "198.51.100.21" };
    const before = logged.length;
    await connectClient(url, { token: "bad", headers });
    const lines = logged.slice(before).filter((l) => l.msg.includes("198.51.100.21"));
    assert.deepEqual(
      lines.map((l) => l.level),
      ["warn"],
    );
    assert.match(lines[0]!.msg, /AUTH_TOKEN_MISMATCH/);
  });

  it("rate-limits repeated failures per client address, even with the right token afterwards", async () => {
    // Each connection comes from 127.0.0.1 (a trusted proxy here), so X-Forwarded-For names the client.
    const headers = { "x-forwarded-for": "198.51.100.9" };
    for (let i = 0; i < 3; i++)
      assert.equal(
        (await connectClient(url, { token: "bad", headers })).hello.error!.details.code,
        "AUTH_TOKEN_MISMATCH",
      );
    const blocked = await connectClient(url, { token: TOKEN, headers });
    assert.equal(blocked.hello.error!.details.code, "AUTH_RATE_LIMITED");
    assert.ok(blocked.hello.error!.details.retryAfterMs > 0);
    const other = await connectClient(url, {
      token: TOKEN,
      headers: { "x-forwarded-for": "198.51.100.10" },
    });
    assert.equal(other.hello.ok, true, "another address is unaffected");
    other.close();
  });

  it("requires connect as the first request", async () => {
    const client = await connectClient(url, { noConnect: true });
    const res = await client.request("echo", { value: "x" });
    assert.equal(res.ok, false);
    assert.match(res.error!.message, /first request must be connect/);
    assert.equal((await client.closed).code, 1008);
  });

  it("closes a socket that does not connect in time", async () => {
    const client = await connectClient(url, { noConnect: true });
    assert.equal((await client.closed).code, 1008);
  });

  it("closes a socket that sends an oversized frame before connect", async () => {
    const client = await connectClient(url, { noConnect: true });
    client.sendRaw(
      JSON.stringify({
        type: "req",
        id: "1",
        method: "connect",
        params: { pad: "x".repeat(2000) },
      }),
    );
    assert.equal((await client.closed).code, 1009);
  });

  it("refuses a protocol range without 4, naming both ranges", async () => {
    const client = await connectClient(url, { token: TOKEN, minProtocol: 2, maxProtocol: 3 });
    assert.match(client.hello.error!.message, /client supports 2-3, gateway speaks 4-4/);
    assert.equal((await client.closed).code, 1008);
  });

  it("checks the Origin of browsers: foreign refused, listed and same-host allowed", async () => {
    const foreign = await connectClient(url, {
      token: TOKEN,
      headers: { origin: "https://evil.example" },
    });
    assert.equal(foreign.hello.error!.code, "FORBIDDEN");
    assert.match(foreign.hello.error!.message, /allowedOrigins/);
    const listed = await connectClient(url, {
      token: TOKEN,
      headers: { origin: "https://allowed.example" },
    });
    assert.equal(listed.hello.ok, true);
    const host = new URL(url).host;
    const same = await connectClient(url, { token: TOKEN, headers: { origin: `http://${host}` } });
    assert.equal(same.hello.ok, true);
    listed.close();
    same.close();
  });

  it("answers unknown methods, bad frames, missing scopes and failures with errors and keeps the socket open", async () => {
    const client = await connectClient(url, { token: TOKEN, scopes: ["operator.read"] });
    const unknown = await client.request("no.such.method");
    assert.deepEqual(unknown.error, {
      code: "INVALID_REQUEST",
      message: "unknown method: no.such.method",
    });
    client.sendRaw("{not json");
    const bad = await client.waitFor(
      (f) => f.type === "res" && f.ok === false && /invalid frame/.test(f.error!.message),
    );
    assert.equal(bad.error!.code, "INVALID_REQUEST");
    const forbidden = await client.request("write.thing");
    assert.equal(forbidden.error!.code, "FORBIDDEN");
    assert.match(forbidden.error!.message, /operator\.write/);
    const invalid = await client.request("echo", { value: 42 });
    assert.match(invalid.error!.message, /invalid echo params: value: /);
    const failed = await client.request("fails");
    assert.deepEqual(failed.error, {
      code: "UNAVAILABLE",
      message: "the agents service is not running",
      retryable: true,
    });
    const crashed = await client.request("crashes");
    assert.equal(crashed.error!.code, "UNAVAILABLE");
    assert.doesNotMatch(crashed.error!.message, /secret internal detail/);
    assert.deepEqual((await client.request("echo", { value: "still here" })).payload, {
      value: "still here",
    });
    client.close();
  });

  it("serves requests concurrently: a slow one does not hold up the next", async () => {
    const client = await connectClient(url, { token: TOKEN });
    const slow = client.request("slow");
    assert.deepEqual((await client.request("echo", { value: "fast" })).payload, { value: "fast" });
    slowRelease();
    assert.deepEqual((await slow).payload, { slow: true });
    client.close();
  });

  it("bounds requests in flight per connection: more are answered UNAVAILABLE with retryAfterMs", async () => {
    const client = await connectClient(url, { token: TOKEN });
    const answers = Promise.all(
      Array.from({ length: ConnectionPolicy.maxInFlight + 5 }, () => client.request("hold")),
    );
    await client.waitFor((f) => f.type === "res" && f.ok === false);
    releaseHeld();
    held = new Promise<void>((resolve) => (releaseHeld = resolve));
    const results = await answers;
    const refused = results.filter((r) => !r.ok);
    assert.equal(results.filter((r) => r.ok).length, ConnectionPolicy.maxInFlight);
    assert.equal(refused.length, 5);
    assert.equal(refused[0]!.error!.code, "UNAVAILABLE");
    assert.equal(refused[0]!.error!.details.code, "RATE_LIMITED");
    assert.ok(refused[0]!.error!.retryAfterMs! > 0);
    assert.equal((await client.request("echo", { value: "still open" })).ok, true);
    client.close();
  });

  it("bounds the request rate per connection; the budget refills", async () => {
    const client = await connectClient(url, { token: TOKEN });
    const started = Date.now();
    const results = [];
    // Batches below the in-flight cap, so only the rate limits them.
    for (let batch = 0; batch < 30; batch++)
      results.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, () => client.request("echo", { value: "x" })),
        )),
      );
    const elapsedS = (Date.now() - started) / 1000;
    const ok = results.filter((r) => r.ok).length;
    const allowed = ConnectionPolicy.requestBurst + ConnectionPolicy.requestsPerSecond * elapsedS;
    assert.ok(ok >= ConnectionPolicy.requestBurst && ok <= allowed + 1, `${ok} of 300 served`);
    const limited = results.find((r) => !r.ok)!;
    assert.ok(limited, `none refused in ${elapsedS} s`);
    assert.equal(limited.error!.details.reason, "rate");
    assert.ok(limited.error!.retryAfterMs! > 0);
    await new Promise((r) => setTimeout(r, limited.error!.retryAfterMs! + 50));
    assert.equal((await client.request("echo", { value: "later" })).ok, true);
    client.close();
  });

  it("sends tick events with increasing per-connection sequence numbers", async () => {
    const client = await connectClient(url, { token: TOKEN });
    await client.waitFor((f) => f.event === "tick" && (f.seq ?? 0) >= 3, 5000);
    const seqs = client.frames
      .filter((f) => f.type === "event" && f.event !== "connect.challenge")
      .map((f) => f.seq!);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
    );
    assert.equal(new Set(seqs).size, seqs.length);
    client.close();
  });

  it("on shutdown sends a shutdown event and closes with 1012", async () => {
    const client = await connectClient(url, { token: TOKEN });
    registry.shutdown({ reason: "gateway stopping", restartExpectedMs: 5000 }, 1012);
    const event = await client.waitFor((f) => f.event === "shutdown");
    assert.deepEqual(event.payload, { reason: "gateway stopping", restartExpectedMs: 5000 });
    assert.equal((await client.closed).code, 1012);
  });
});
