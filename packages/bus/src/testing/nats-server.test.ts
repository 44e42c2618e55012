import assert from "node:assert/strict";
import { connect as tcpConnect } from "node:net";
import { test } from "node:test";
import { startNatsServer } from "./nats-server.js";

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: hostname, port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

test("a private server can be killed and restarted on the same port", async () => {
  const server = await startNatsServer({ PATH: process.env.PATH });
  try {
    const url = server.url;
    assert.ok(await reachable(url));
    await server.kill();
    assert.equal(await reachable(url), false);
    await server.restart();
    assert.equal(server.url, url);
    assert.ok(await reachable(url));
  } finally {
    await server.dispose();
  }
});

test("NATS_URL selects an external server that refuses fault injection", async () => {
  const server = await startNatsServer({ NATS_URL: "nats://127.0.0.1:4222" });
  assert.equal(server.url, "nats://127.0.0.1:4222");
  assert.equal(server.controllable, false);
  await assert.rejects(server.kill(), /external/);
});

test("without any server source it fails loudly with what to install", async () => {
  await assert.rejects(
    startNatsServer({ PATH: "/nonexistent", NATS_SERVER_BIN: undefined }),
    (error: Error) => {
      // With Docker answering, testcontainers would be used instead; this machine has no engine.
      assert.match(error.message, /apt-get install -y nats-server/);
      return true;
    },
  );
});
