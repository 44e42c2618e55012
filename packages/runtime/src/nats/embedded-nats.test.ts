import assert from "node:assert/strict";
import { mkdtempSync, existsSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import { connectBus } from "@clawfleet/bus";
import { ensureNatsServer, NATS_INSTALL_HINT } from "./embedded-nats.js";

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => probe.once("listening", r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

test("with nothing answering at the local NATS_URL, all-in-one starts nats-server there with its store in the state dir", async () => {
  const stateDir = mkdtempSync(join(tmpdir(), "embedded-"));
  const url = `nats://127.0.0.1:${await freePort()}`;
  const nats = await ensureNatsServer({
    env: { NATS_URL: url, PATH: process.env.PATH },
    stateDir,
    logger: silentLogger,
  });
  try {
    assert.equal(nats.url, url);
    const probe = await connectBus({
      servers: url,
      name: "probe",
      logger: silentLogger,
      retryUntilConnected: false,
    });
    assert.equal(probe.serverInfo().jetstream, true);
    await probe.close();
    assert.ok(existsSync(join(stateDir, "nats", "jetstream")));
    const again = await ensureNatsServer({
      env: { NATS_URL: url, PATH: process.env.PATH },
      stateDir,
      logger: silentLogger,
    });
    await again.stop(); // the second call found the running server and owns nothing
    const probe2 = await connectBus({
      servers: url,
      name: "probe",
      logger: silentLogger,
      retryUntilConnected: false,
    });
    await probe2.close();
  } finally {
    await nats.stop();
  }
});

test("without a server and without nats-server on PATH it says exactly what to install", async () => {
  const url = `nats://127.0.0.1:${await freePort()}`;
  await assert.rejects(
    ensureNatsServer({
      env: { NATS_URL: url, PATH: "/nonexistent" },
      stateDir: tmpdir(),
      logger: silentLogger,
    }),
    (error: Error) => {
      assert.equal(error.message, NATS_INSTALL_HINT);
      assert.match(error.message, /apt-get install nats-server/);
      return true;
    },
  );
});

test("a remote NATS_URL is used as given, never started", async () => {
  const nats = await ensureNatsServer({
    env: { NATS_URL: "nats://nats.process.app.internal:4222", PATH: "/nonexistent" },
    stateDir: tmpdir(),
    logger: silentLogger,
  });
  assert.equal(nats.url, "nats://nats.process.app.internal:4222");
});
