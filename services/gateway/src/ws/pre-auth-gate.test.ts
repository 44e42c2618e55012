import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { capIncomingBytes, PreAuthGate } from "./pre-auth-gate.js";

describe("PreAuthGate (unauthenticated sockets held at once)", () => {
  it("admits up to the per-address limit; another address still gets in", () => {
    const gate = new PreAuthGate({ maxPreAuthSockets: 10, maxPreAuthSocketsPerAddress: 2 });
    assert.ok(gate.admit("a"));
    assert.ok(gate.admit("a"));
    assert.equal(gate.admit("a"), undefined, "a third from one address");
    assert.ok(gate.admit("b"));
    assert.equal(gate.size, 3);
  });

  it("admits up to the overall limit across addresses", () => {
    const gate = new PreAuthGate({ maxPreAuthSockets: 2, maxPreAuthSocketsPerAddress: 5 });
    assert.ok(gate.admit("a"));
    assert.ok(gate.admit("b"));
    assert.equal(gate.admit("c"), undefined);
    assert.equal(gate.size, 2);
  });

  it("a release frees one place, once, however often it is called", () => {
    const gate = new PreAuthGate({ maxPreAuthSockets: 10, maxPreAuthSocketsPerAddress: 2 });
    const first = gate.admit("a")!;
    gate.admit("a");
    gate.admit("b");
    first();
    first();
    assert.equal(gate.size, 2, "released twice, counted once");
    assert.ok(gate.admit("a"), "the address has its place back");
    assert.equal(gate.admit("a"), undefined, "and only that one");
  });

  it("a release frees a place overall too", () => {
    const gate = new PreAuthGate({ maxPreAuthSockets: 2, maxPreAuthSocketsPerAddress: 2 });
    const first = gate.admit("a")!;
    gate.admit("b");
    assert.equal(gate.admit("c"), undefined);
    first();
    assert.ok(gate.admit("c"));
    assert.equal(gate.admit("d"), undefined, "the overall limit is reached again");
  });

  it("an address whose sockets all left starts afresh", () => {
    const gate = new PreAuthGate({ maxPreAuthSockets: 10, maxPreAuthSocketsPerAddress: 2 });
    const releases = [gate.admit("a")!, gate.admit("a")!];
    releases[0]!();
    assert.equal(gate.addresses, 1, "still holding one");
    releases[1]!();
    assert.equal(gate.size, 0);
    assert.equal(gate.addresses, 0, "forgotten, not kept at zero");
    assert.ok(gate.admit("a"));
    assert.ok(gate.admit("a"));
    assert.equal(gate.admit("a"), undefined);
  });
});

describe("capIncomingBytes (bytes counted as they arrive)", () => {
  it("calls onExceeded once, on the chunk that goes past the limit, and counts no further", () => {
    const socket = new PassThrough();
    let exceeded = 0;
    capIncomingBytes(socket, 10, 100, () => exceeded++);
    socket.emit("data", Buffer.alloc(90));
    assert.equal(exceeded, 0, "exactly the limit is allowed");
    socket.emit("data", Buffer.alloc(1));
    assert.equal(exceeded, 1);
    socket.emit("data", Buffer.alloc(500));
    assert.equal(exceeded, 1, "once");
    assert.equal(socket.listenerCount("data"), 0, "it stopped listening");
  });

  it("counts the bytes that came with the upgrade: over the limit already, it says so at once", async () => {
    const socket = new PassThrough();
    let exceeded = 0;
    capIncomingBytes(socket, 101, 100, () => exceeded++);
    assert.equal(socket.listenerCount("data"), 0, "nothing left to count");
    await Promise.resolve();
    assert.equal(exceeded, 1);
  });

  it("counts on from exactly the limit with the upgrade: the next byte is one too many", async () => {
    const socket = new PassThrough();
    let exceeded = 0;
    capIncomingBytes(socket, 100, 100, () => exceeded++);
    await Promise.resolve();
    assert.equal(exceeded, 0);
    socket.emit("data", Buffer.alloc(1));
    assert.equal(exceeded, 1);
  });

  it("stops counting when told (the socket authenticated)", () => {
    const socket = new PassThrough();
    let exceeded = 0;
    const stop = capIncomingBytes(socket, 0, 100, () => exceeded++);
    socket.emit("data", Buffer.alloc(50));
    stop();
    socket.emit("data", Buffer.alloc(500));
    assert.equal(exceeded, 0);
    assert.equal(socket.listenerCount("data"), 0);
  });
});
