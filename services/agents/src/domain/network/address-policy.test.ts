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

test("the refusal names the kind of address, so the model and the operator see why", () => {
  const expected: [string, string][] = [
    ["0.0.0.0", "unspecified"],
    ["10.1.2.3", "private"],
    ["100.64.0.1", "shared (CGNAT)"],
    ["127.0.0.1", "loopback"],
    ["169.254.169.254", "link-local / metadata"],
    ["172.20.0.1", "private"],
    ["192.0.0.8", "IETF reserved"],
    ["192.0.2.1", "documentation"],
    ["192.168.1.1", "private"],
    ["198.18.0.1", "benchmarking"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["239.1.1.1", "multicast"],
    ["240.0.0.1", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fd00::1", "unique local (private)"],
    ["fe80::1", "link-local"],
    ["fec0::1", "site-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:0:127.0.0.1", "loopback"],
    ["64:ff9b::192.168.0.1", "private"],
    ["2002:a9fe:a9fe::1", "link-local / metadata"],
    ["example.com", "not an IP address"],
  ];
  for (const [address, reason] of expected)
    assert.equal(blockedAddressReason(address), reason, address);
});

test("the first public address after each blocked IPv4 range is fetched", () => {
  for (const ip of [
    "1.0.0.0",
    "11.0.0.0",
    "100.128.0.0",
    "128.0.0.0",
    "169.255.0.0",
    "172.32.0.0",
    "192.0.1.0",
    "192.0.3.0",
    "192.169.0.0",
    "198.20.0.0",
    "198.51.101.0",
    "203.0.114.0",
  ])
    assert.equal(blockedAddressReason(ip), undefined, ip);
  for (const ip of ["9.255.255.255", "100.63.255.255", "223.255.255.255"])
    assert.equal(blockedAddressReason(ip), undefined, ip);
  for (const ip of ["10.255.255.255", "100.127.255.255", "172.31.255.255", "198.19.255.255"])
    assert.ok(blockedAddressReason(ip), ip);
});

test("public IPv6 is fetched in every written form, and local IPv4 inside it only counts in the wrapper forms", () => {
  for (const ip of [
    "[2606:4700:4700::1111]",
    "2606:4700:4700::1111%eth0",
    "2606:4700:4700:0:0:0:0:1111",
    "2001:4860:4860::1",
    "2002:808:808::1", // 6to4 of 8.8.8.8
    "::8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2001:db9::1",
    "2600:db8::1",
    // Global addresses whose low 32 bits read as 10.0.0.1 are not IPv4 wrappers.
    "2606:4700::a00:1",
    "2606:ff9b::a00:1",
    "2606:4700:4700::ffff:a00:1",
    "2606:4700:4700::ffff:0:a00:1",
  ])
    assert.equal(blockedAddressReason(ip), undefined, ip);
});

test("IPv6 parsing reads every group, zone and dotted octet, and rejects malformed text", () => {
  assert.deepEqual(
    ipv6Groups("2606:4700:4700:0:0:0:0:1111"),
    [0x2606, 0x4700, 0x4700, 0, 0, 0, 0, 0x1111],
  );
  assert.deepEqual(ipv6Groups("[FE80::1%eth0]"), [0xfe80, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(ipv6Groups("::ffff:192.168.100.200"), [0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x64c8]);
  assert.deepEqual(
    ipv6Groups("::ffff:192.168.100.200%eth0"),
    [0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x64c8],
  );
  for (const text of [
    "1:2:3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5::6:7:8:9",
    "1::10000",
    "1::-1",
    "1::xyz",
    "1:[2::3",
    "1:]2::3",
  ])
    assert.equal(ipv6Groups(text), undefined, text);
});

test("only exact local and metadata names are refused by name; look-alike public names go on to the address check", () => {
  for (const host of ["metadata", "METADATA.", "metadata.google.internal."])
    assert.ok(blockedHostnameReason(host), host);
  for (const host of [
    "mylocalhost",
    "localhost.example.com",
    "db.localhost.example.com",
    "openmetadata",
    "metadata.example.com",
    "metadata.google.internal.example.com",
    "intranet.internal.example.com",
    "news.local.example.com",
  ])
    assert.equal(blockedHostnameReason(host), undefined, host);
});
