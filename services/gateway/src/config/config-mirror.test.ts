import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  Buckets,
  connectBus,
  openBucket,
  provision,
  provisionPlan,
  type Bus,
} from "@clawfleet/bus";
import { ConfigStore, defaultConfig } from "@clawfleet/config";
import { createLogger, silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { GatewayError } from "../errors.js";
import { ConfigOwner, type ConfigOwnerDeps } from "./config-owner.js";

let nats: NatsTestServer;
let bus: Bus;
let store: ConfigStore;
const dirs: string[] = [];
const owners: ConfigOwner[] = [];

before(async () => {
  nats = await startNatsServer();
  bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
  await provision(bus, provisionPlan, silentLogger);
  store = await ConfigStore.open(bus);
});
beforeEach(async () => {
  for (const owner of owners.splice(0)) owner.stop();
  await (await openBucket(bus, Buckets.Config)).purge("current");
});
after(async () => {
  for (const owner of owners) owner.stop();
  await bus.close();
  await nats.dispose();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** One gateway's config side: its own directory and file (written when `text` is given), the shared KV. */
function gateway(text?: string, file?: string, storeOf: ConfigOwnerDeps["store"] = store) {
  const dir = mkdtempSync(join(tmpdir(), "clawfleet-mirror-"));
  dirs.push(dir);
  const path = file ?? join(dir, "openclaw.json");
  if (text !== undefined) writeFileSync(path, text);
  const lines: string[] = [];
  const owner = new ConfigOwner({
    file: path,
    env: {},
    store: storeOf,
    logger: createLogger(
      { service: "gateway", instance: "t", level: "info", format: "json" },
      { write: (line) => lines.push(line) },
    ),
    allowUnconfigured: true,
    running: () => defaultConfig(),
    watch: { debounceMs: 50, pollMs: 500 },
  });
  owners.push(owner);
  return { dir, file: path, owner, lines };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");

describe("the config in KV with each gateway's file as its mirror", () => {
  it("an edit through either gateway reaches the other's file and config.get", async () => {
    const a = gateway('{ gateway: { mode: "local", port: 4100 } }');
    const b = gateway();
    await a.owner.start();
    await b.owner.start();
    assert.equal(read(b.file), read(a.file), "a gateway without a file gets the one from KV");
    let started = Date.now();
    const first = await a.owner.patch("{ gateway: { port: 4101 } }", a.owner.view.hash, "ui:a");
    await until(() => read(b.file) === read(a.file));
    const tookFile = Date.now() - started;
    assert.equal((await b.owner.read()).hash, first.state.hash);
    assert.equal(JSON.parse(read(b.file)).gateway.port, 4101);
    started = Date.now();
    const second = await b.owner.set(
      '{ gateway: { mode: "local", port: 4102 } }',
      (await b.owner.read()).hash,
      "ui:b",
    );
    await until(() => read(a.file) === '{ gateway: { mode: "local", port: 4102 } }');
    const tookBack = Date.now() - started;
    assert.equal((await a.owner.read()).hash, second.state.hash);
    // Measured, not asserted: the machine is shared.
    console.log(`# edit to the other gateway's file: a → b ${tookFile} ms, b → a ${tookBack} ms`);
  });

  it("two edits racing from the same baseHash: one wins, the other gets CONFIG_STALE", async () => {
    const a = gateway('{ gateway: { mode: "local" } }');
    const b = gateway();
    await a.owner.start();
    await b.owner.start();
    const base = (await a.owner.read()).hash;
    assert.equal((await b.owner.read()).hash, base);
    const results = await Promise.allSettled([
      a.owner.patch("{ gateway: { port: 5001 } }", base, "ui:a"),
      b.owner.patch("{ gateway: { port: 5002 } }", base, "ui:b"),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    assert.equal(won.length, 1, JSON.stringify(results));
    assert.equal(lost.length, 1);
    assert.ok(lost[0]!.reason instanceof GatewayError, String(lost[0]!.reason));
    assert.equal(lost[0]!.reason.details?.code, "CONFIG_STALE");
    assert.match(lost[0]!.reason.message, /config\.get/);
    const stored = (await store.current())!.value;
    await until(() => read(a.file) === stored.raw && read(b.file) === stored.raw);
  });

  it("a gateway whose file cannot be written serves and edits the config from KV", async () => {
    const a = gateway('{ gateway: { mode: "local", port: 4200 } }');
    await a.owner.start();
    const blocker = join(a.dir, "not-a-directory");
    writeFileSync(blocker, "");
    const b = gateway(undefined, join(blocker, "openclaw.json"));
    await b.owner.start();
    assert.ok(
      b.lines.some((l) => l.includes("cannot mirror the config")),
      b.lines.join("\n"),
    );
    const view = await b.owner.read();
    assert.equal(view.hash, (await store.current())!.value.hash);
    assert.equal(view.result.ok && view.result.config.gateway.port, 4200);
    await b.owner.patch("{ gateway: { port: 4201 } }", view.hash, "ui:b");
    await until(() => read(a.file).includes("4201"));
    assert.equal(b.lines.filter((l) => l.includes("cannot mirror the config")).length, 1);
  });

  it("at start: a file older than the config on the bus is replaced, a newer one is imported", async () => {
    const a = gateway('{ gateway: { mode: "local", port: 4300 } }');
    await a.owner.start();
    const published = (await store.current())!.value;
    const stale = gateway('{ gateway: { mode: "local", port: 4299 } }');
    const past = new Date(published.updatedAt - 60_000);
    utimesSync(stale.file, past, past);
    await stale.owner.start();
    assert.equal(read(stale.file), published.raw, "the older file now mirrors the bus");
    assert.equal(
      read(`${stale.file}.bak`),
      '{ gateway: { mode: "local", port: 4299 } }',
      "an older file may still be a hand edit: kept",
    );
    assert.equal((await store.current())!.value.hash, published.hash);
    const edited = gateway('{ gateway: { mode: "local", port: 4301 } }');
    await edited.owner.start();
    assert.equal((await store.current())!.value.raw, '{ gateway: { mode: "local", port: 4301 } }');
    await until(() => read(a.file).includes("4301") && read(stale.file).includes("4301"));
  });

  it("a refused file edit stays for its author until an edit elsewhere replaces it, kept in .bak", async () => {
    const a = gateway('{ gateway: { mode: "local", port: 4400 } }');
    const b = gateway();
    await a.owner.start();
    await b.owner.start();
    const bad = '{ gateway: { mode: "local", port: "four" } }';
    writeFileSync(a.file, bad);
    await until(() => a.lines.some((l) => l.includes("rejected")));
    assert.match(
      a.lines.find((l) => l.includes("rejected"))!,
      /gateway\.port/,
    );
    assert.ok(read(b.file).includes("4400"), "the other gateway keeps the last good config");
    assert.equal(read(a.file), bad, "the refused edit stays on disk to be fixed");
    await b.owner.patch("{ gateway: { port: 4401 } }", (await b.owner.read()).hash, "ui:b");
    await until(() => read(a.file).includes("4401"));
    assert.equal(read(`${a.file}.bak`), bad);
    await until(() => a.lines.some((l) => l.includes(".bak")));
  });

  it("a file edit imported against a revision another gateway replaced: the bus wins, the edit is kept in .bak", async () => {
    const b = gateway('{ gateway: { mode: "local", port: 4600 } }');
    await b.owner.start();
    // a does not hear of b's next edit before its own file edit is imported (a slow watch).
    const deaf: ConfigOwnerDeps["store"] = {
      current: () => store.current(),
      publish: (snapshot, revision) => store.publish(snapshot, revision),
      checkSize: (snapshot) => store.checkSize(snapshot),
      watch: async () => () => {},
    };
    const a = gateway(undefined, undefined, deaf);
    await a.owner.start();
    await b.owner.patch("{ gateway: { port: 4601 } }", (await b.owner.read()).hash, "ui:b");
    const edit = '{ gateway: { mode: "local", port: 4602 } }';
    writeFileSync(a.file, edit);
    await until(() => a.lines.some((l) => l.includes("the bus wins")));
    await until(() => read(a.file).includes("4601"));
    assert.equal(read(`${a.file}.bak`), edit, "the edit that lost is kept");
    assert.match((await store.current())!.value.raw, /4601/);
  });

  it("two gateways starting on an empty KV: one file is imported, both end up mirroring it", async () => {
    const a = gateway('{ gateway: { mode: "local", port: 4500 } }');
    const b = gateway('{ gateway: { mode: "local", port: 4501 } }');
    await Promise.all([a.owner.start(), b.owner.start()]);
    const stored = (await store.current())!.value;
    assert.match(stored.raw, /450[01]/);
    await until(() => read(a.file) === stored.raw && read(b.file) === stored.raw);
  });
});
