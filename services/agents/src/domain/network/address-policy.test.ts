import assert from "node:assert/strict";
import { test } from "node:test";
import { blockedAddressReason, blockedHostnameReason, ipv6Groups } from "./address-policy.js";

test("loopback, private, link-local, metadata, CGNAT, multicast and reserved IPv4 are blocked", () => {
  for (const ip of [
    "127.0.0.1",
    "127.255.0.9",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.0.10",
    "169.254.169.254",
    "100.64.1.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "198.18.0.1",
  ]) {
    assert.ok(blockedAddressReason(ip), ip);
  }
  for (const ip of ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "93.184.216.34"])
    assert.equal(blockedAddressReason(ip), undefined, ip);
});

test("IPv6 forms are blocked too, including IPv4-mapped, compatible, NAT64 and 6to4 wrappers of local addresses", () => {
  for (const ip of [
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd00:ec2::254",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "::ffff:a9fe:a9fe",
    "::127.0.0.1",
    "64:ff9b::a00:1",
    "2002:7f00:1::",
    "0:0:0:0:0:0:0:1",
    "[::1]",
    "fe80::1%eth0",
  ]) {
    assert.ok(blockedAddressReason(ip), ip);
  }
  for (const ip of ["2606:4700:4700::1111", "::ffff:8.8.8.8", "2001:4860:4860::8888"])
    assert.equal(blockedAddressReason(ip), undefined, ip);
});

test("IPv6 parsing expands :: and embedded dotted quads", () => {
  assert.deepEqual(ipv6Groups("::ffff:1.2.3.4"), [0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
  assert.deepEqual(ipv6Groups("1::"), [1, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(ipv6Groups("1::2::3"), undefined);
});

test("local and metadata host names are blocked before any lookup", () => {
  for (const host of [
    "localhost",
    "LOCALHOST.",
    "db.localhost",
    "metadata.google.internal",
    "my-app.internal",
    "printer.local",
  ])
    assert.ok(blockedHostnameReason(host), host);
  assert.equal(blockedHostnameReason("example.com"), undefined);
  assert.equal(blockedAddressReason("example.com"), "not an IP address");
});
