import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clientAddress, proxyTrust } from "./client-address.js";

const trust = (trustedProxies: string[], extra: { real?: boolean; fly?: boolean } = {}) =>
  proxyTrust({
    trustedProxies,
    allowRealIpFallback: extra.real ?? false,
    onFly: extra.fly ?? false,
  });

describe("clientAddress", () => {
  it("ignores forwarded headers by default, even from a private peer", () => {
    const headers = { "x-forwarded-for": "203.0.113.5", "fly-client-ip": "203.0.113.6" };
    assert.equal(clientAddress(headers, "127.0.0.1"), "127.0.0.1");
    assert.equal(clientAddress(headers, "::ffff:172.17.0.1"), "172.17.0.1");
  });

  it("reads X-Forwarded-For from the right, skipping trusted proxies, from a trusted peer", () => {
    const t = trust(["10.0.0.0/8", "192.0.2.1"]);
    const headers = { "x-forwarded-for": "1.1.1.1, 203.0.113.5, 10.1.2.3" };
    assert.equal(clientAddress(headers, "192.0.2.1", t), "203.0.113.5");
    assert.equal(clientAddress(headers, "192.0.2.2", t), "192.0.2.2", "an untrusted peer");
    assert.equal(clientAddress({}, "192.0.2.1", t), "192.0.2.1", "no header: the proxy itself");
    assert.equal(
      clientAddress({ "x-forwarded-for": "junk" }, "192.0.2.1", t),
      "192.0.2.1",
      "garbage is not an address",
    );
  });

  it("uses X-Real-IP only when allowed and X-Forwarded-For is absent", () => {
    const headers = { "x-real-ip": "203.0.113.9" };
    assert.equal(clientAddress(headers, "10.0.0.1", trust(["10.0.0.1"])), "10.0.0.1");
    assert.equal(
      clientAddress(headers, "10.0.0.1", trust(["10.0.0.1"], { real: true })),
      "203.0.113.9",
    );
  });

  it("on Fly believes Fly-Client-IP from the edge proxy only, not from 6PN peers", () => {
    const t = trust([], { fly: true });
    const headers = { "fly-client-ip": "203.0.113.7", "x-forwarded-for": "198.51.100.1" };
    assert.equal(clientAddress(headers, "172.16.5.9", t), "203.0.113.7");
    assert.equal(clientAddress(headers, "fdaa:0:1::3", t), "fdaa:0:1::3");
  });
});
