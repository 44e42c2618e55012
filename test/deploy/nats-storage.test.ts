import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { connectBus, provision, provisionPlan } from "@clawfleet/bus";
import { freePort } from "@clawfleet/bus/testing";
import { silentLogger } from "@clawfleet/log";
import { memoryMb, readFly, ROOT } from "./deploy-files.js";

const MiB = 1024 * 1024;

/**
 * What nats-server sets aside for the catalogue: every stream, bucket and object store with a
 * `max_bytes` reserves it in full against `max_file_store` when it is created, used or not.
 */
const reservedBytes = [
  ...provisionPlan.streams,
  ...provisionPlan.buckets,
  ...(provisionPlan.objectStores ?? []),
].reduce((sum, def) => sum + (def.maxBytes ?? 0), 0);

function maxFileStore(file: string): string {
  const match = /^\s*max_file_store:\s*(\d+(?:MB|GB))\s*$/m.exec(
    readFileSync(join(ROOT, file), "utf8"),
  );
  assert.ok(match, `${file} sets jetstream.max_file_store`);
  return match[1]!;
}

function megabytes(value: string): number {
  return memoryMb(value.toLowerCase());
}

for (const file of ["deploy/nats.conf", "deploy/nats-cluster.conf"]) {
  test(`${file}: max_file_store holds every stream, bucket and object store the services provision`, () => {
    assert.ok(
      megabytes(maxFileStore(file)) * MiB >= reservedBytes,
      `${maxFileStore(file)} < ${Math.ceil(reservedBytes / MiB)} MiB reserved by the catalogue`,
    );
  });
}

for (const file of ["fly.toml", "fly.private.toml"]) {
  test(`${file}: the nats volume is at least as large as max_file_store`, () => {
    const mounts = readFly(file).mounts;
    const nats = (Array.isArray(mounts) ? mounts : [mounts]).find((m) => m?.source === "nats_data");
    assert.ok(nats?.initial_size, "nats_data has an initial_size");
    assert.ok(megabytes(nats.initial_size) >= megabytes(maxFileStore("deploy/nats.conf")));
  });
}

test("fly.one-machine.toml: the volume leaves the embedded nats-server room for the catalogue", () => {
  const mounts = readFly("fly.one-machine.toml").mounts;
  const data = (Array.isArray(mounts) ? mounts : [mounts]).find((m) => m?.destination === "/data");
  assert.ok(data?.initial_size);
  // Without max_file_store nats-server allows 75 % of the free disk.
  assert.ok(megabytes(data.initial_size) * MiB * 0.75 >= reservedBytes);
});

test("a nats-server with deploy/nats.conf's store limit accepts the whole provisioning plan", async () => {
  const dir = mkdtempSync(join(tmpdir(), "nats-storage-"));
  const port = await freePort();
  const conf = join(dir, "nats.conf");
  writeFileSync(
    conf,
    `port: ${port}\nhost: "127.0.0.1"\njetstream {\n  store_dir: ${JSON.stringify(dir)}\n  max_file_store: ${maxFileStore("deploy/nats.conf")}\n}\n`,
  );
  const server = spawn("nats-server", ["-c", conf], { stdio: "ignore" });
  try {
    let bus;
    for (let attempt = 0; !bus; attempt++) {
      try {
        bus = await connectBus({
          servers: `nats://127.0.0.1:${port}`,
          name: "t",
          logger: silentLogger,
        });
      } catch (error) {
        if (attempt > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    try {
      const report = await provision(bus, provisionPlan, silentLogger);
      assert.ok(report.created.includes("OBJ_attachments"));
    } finally {
      await bus.close();
    }
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
