import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { MetricsRegistry } from "../metrics/metrics-registry.js";
import { Readiness } from "./readiness.js";
import { healthHost, startHealthServer } from "./health-server.js";

describe("the health server", () => {
  it("listens on loopback by default (/metrics has no auth), on every interface on Fly", () => {
    assert.equal(healthHost(undefined, false), "127.0.0.1");
    assert.equal(healthHost("", false), "127.0.0.1");
    assert.equal(healthHost(undefined, true), "::");
    assert.equal(healthHost("loopback", true), "127.0.0.1");
    assert.equal(healthHost("all", false), "::");
    assert.equal(healthHost("10.0.0.5", false), "10.0.0.5");
  });

  it("binds the loopback address when started without a host", async () => {
    const { server, port } = await startHealthServer(0, new Readiness(), new MetricsRegistry());
    assert.equal((server.address() as AddressInfo).address, "127.0.0.1");
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
    server.close();
  });
});
