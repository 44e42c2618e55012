import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  Buckets,
  connectBus,
  openBucket,
  provision,
  provisionPlan,
  type Bus,
} from "@clawfleet/bus";
import { ConfigStore, defaultConfig, LiveConfig, minimalConfigText } from "@clawfleet/config";
import { createLogger, silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { GatewayError } from "../errors.js";
import { configView } from "../handlers/config/config-get.js";
import { ConfigOwner } from "./config-owner.js";
import { REDACTED_VALUE } from "./redact-config.js";

let nats: NatsTestServer;
let bus: Bus;
const dirs: string[] = [];

before(async () => {
  nats = await startNatsServer();
  bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
  await provision(bus, provisionPlan, silentLogger);
});
after(async () => {
  await bus.close();
  await nats.dispose();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh state dir, an owner over it, a LiveConfig following the bus like any service, and captured log lines. */
async function setup(
  options: {
    file?: string;
    allowUnconfigured?: boolean;
    env?: Record<string, string>;
    clearBus?: boolean;
  } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "clawfleet-owner-"));
  dirs.push(dir);
  const file = join(dir, "openclaw.json");
  if (options.file !== undefined) writeFileSync(file, options.file);
  const store = await ConfigStore.open(bus);
  if (options.clearBus !== false) await (await openBucket(bus, Buckets.Config)).purge("current");
  const lines: string[] = [];
  const logger = createLogger(
    { service: "gateway", instance: "t", level: "info", format: "json" },
    { write: (line) => lines.push(line) },
  );
  const live = new LiveConfig(defaultConfig(), "", silentLogger);
  const stopFollowing = await live.follow(store);
  const owner = new ConfigOwner({
    file,
    env: { ...options.env },
    store,
    logger,
    allowUnconfigured: options.allowUnconfigured ?? true,
    running: () => live.current,
    watch: { debounceMs: 50, pollMs: 500 },
  });
  return { dir, file, store, owner, live, lines, stop: () => (owner.stop(), stopFollowing()) };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

describe("the config owner", () => {
  it("writes a minimal config when none exists (--allow-unconfigured) and publishes it", async () => {
    const t = await setup();
    await t.owner.start();
    assert.equal(readFileSync(t.file, "utf8"), minimalConfigText());
    const snapshot = (await t.store.current())!.value;
    assert.equal(snapshot.updatedBy, "bootstrap");
    assert.equal(snapshot.hash, t.owner.state.hash);
    assert.deepEqual(snapshot.document, { gateway: { mode: "local" } });
    t.stop();
  });

  it("restores a missing file from the last published config instead of starting blank", async () => {
    const first = await setup({
      file: '{ gateway: { mode: "local" }, agents: { list: [{ id: "kept" }] } }',
    });
    await first.owner.start();
    const published = (await first.store.current())!.value;
    first.stop();
    const second = await setup({ clearBus: false });
    await second.store.publish({ ...published, file: second.file });
    await second.owner.start();
    assert.equal(readFileSync(second.file, "utf8"), published.raw);
    second.stop();
  });

  it("applies a valid edit of the file in every follower without restart", async () => {
    const t = await setup({ file: '{ gateway: { mode: "local" } }' });
    await t.owner.start();
    await until(() => t.live.hash === t.owner.state.hash);
    writeFileSync(
      t.file,
      '{ gateway: { mode: "local" }, agents: { defaults: { maxConcurrent: 9 } } }',
    );
    await until(() => t.live.current.agents.defaults.maxConcurrent === 9);
    assert.equal((await t.store.current())!.value.updatedBy, "file");
    t.stop();
  });

  it("rejects an invalid edit with path: message lines and keeps the running config", async () => {
    const t = await setup({ file: '{ gateway: { mode: "local", port: 4000 } }' });
    await t.owner.start();
    await until(() => t.live.current.gateway.port === 4000);
    const hash = t.live.hash;
    writeFileSync(
      t.file,
      '{ gateway: { mode: "local", port: "not-a-port" }, channels: { discord: { dmPolicy: "sometimes" } } }',
    );
    await until(() => t.lines.some((l) => l.includes("rejected")));
    const line = JSON.parse(t.lines.find((l) => l.includes("rejected"))!).msg as string;
    assert.match(line, /^- gateway\.port: /m);
    assert.match(line, /^- channels\.discord\.dmPolicy: /m);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(t.live.hash, hash, "still the old config");
    assert.equal(t.live.current.gateway.port, 4000);
    assert.equal(t.owner.state.result.ok, false);
    // Fixing the file applies it.
    writeFileSync(t.file, '{ gateway: { mode: "local", port: 4001 } }');
    await until(() => t.live.current.gateway.port === 4001);
    t.stop();
  });

  it("keeps the running config while the file is deleted and picks up the next one (sftp: rm, then put)", async () => {
    const t = await setup({ file: '{ gateway: { mode: "local", port: 4100 } }' });
    await t.owner.start();
    unlinkSync(t.file);
    await until(() => t.lines.some((l) => l.includes("was removed")));
    assert.equal(t.live.current.gateway.port, 4100);
    writeFileSync(t.file, '{ gateway: { mode: "local", port: 4101 } }');
    await until(() => t.live.current.gateway.port === 4101);
    t.stop();
  });

  it("patches the file's own JSON: $include, ${VAR} and unknown keys survive, secrets stay out", async () => {
    const t = await setup({
      file: '{ "$include": "base.json5", gateway: { mode: "local", auth: { token: "${GW_TOKEN}" } }, futureKey: { on: true } }',
      env: { GW_TOKEN: "very-secret-value" },
    });
    writeFileSync(join(t.dir, "base.json5"), "{ agents: { defaults: { maxConcurrent: 2 } } }");
    await t.owner.start();
    const base = t.owner.state.hash;
    const result = await t.owner.patch("{ gateway: { port: 3000 } }", base, "ui:test");
    const written = JSON.parse(readFileSync(t.file, "utf8"));
    assert.deepEqual(written, {
      $include: "base.json5",
      gateway: { mode: "local", auth: { token: "${GW_TOKEN}" }, port: 3000 },
      futureKey: { on: true },
    });
    assert.ok(
      !readFileSync(t.file, "utf8").includes("very-secret-value"),
      "env secret not written",
    );
    assert.notEqual(result.state.hash, base);
    await until(
      () =>
        t.live.current.gateway.port === 3000 && t.live.current.agents.defaults.maxConcurrent === 2,
    );
    t.stop();
  });

  it("refuses an edit against a stale baseHash and one that does not validate, leaving the file alone", async () => {
    const t = await setup({ file: '{ gateway: { mode: "local" } }' });
    await t.owner.start();
    const stale = t.owner.state.hash;
    writeFileSync(t.file, '{ gateway: { mode: "local", port: 5000 } }');
    await assert.rejects(
      t.owner.patch("{ gateway: { port: 1 } }", stale, "ui"),
      (error: unknown) => {
        assert.ok(error instanceof GatewayError, String(error));
        assert.equal(error.code, "INVALID_REQUEST");
        assert.equal(error.details?.code, "CONFIG_STALE");
        return true;
      },
    );
    await assert.rejects(
      t.owner.patch("{ gateway: { port: 1 } }", undefined, "ui"),
      /baseHash is required/,
    );
    const current = (await t.owner.read()).hash;
    await assert.rejects(
      t.owner.set('{ gateway: { mode: "local", bind: "everywhere" } }', current, "ui"),
      (error: unknown) => {
        assert.ok(error instanceof GatewayError, String(error));
        assert.equal(error.details?.code, "CONFIG_INVALID");
        assert.deepEqual(
          (error.details?.issues as { path: string }[]).map((i) => i.path),
          ["gateway.bind"],
        );
        assert.match(error.message, /^- gateway\.bind: /m);
        return true;
      },
    );
    assert.equal(readFileSync(t.file, "utf8"), '{ gateway: { mode: "local", port: 5000 } }');
    const replaced = await t.owner.set(
      '// mine\n{ gateway: { mode: "local", port: 5001 } }\n',
      current,
      "ui",
    );
    assert.equal(replaced.applied, true);
    assert.match(
      readFileSync(t.file, "utf8"),
      /^\/\/ mine/,
      "config.set keeps the text as written, comments included",
    );
    t.stop();
  });

  it("distributes ${VAR} unresolved, so the secret never crosses the bus; each service resolves it", async () => {
    const t = await setup({
      file: '{ gateway: { mode: "local", auth: { token: "${GW_TOKEN}" } }, channels: { telegram: { botToken: "${TG_TOKEN}" } } }',
      env: { GW_TOKEN: "gw-secret-value-123", TG_TOKEN: "42:tg-secret-value" },
    });
    await t.owner.start();
    const stored = JSON.stringify((await t.store.current())!.value);
    assert.ok(!stored.includes("gw-secret-value-123"), stored);
    assert.ok(!stored.includes("42:tg-secret-value"), stored);
    const withEnv = new LiveConfig(defaultConfig(), "", silentLogger, { TG_TOKEN: "42:here" });
    const stop = await withEnv.follow(t.store);
    await until(() => withEnv.current.channels.telegram?.botToken === "42:here");
    assert.equal(withEnv.current.gateway.auth.token, undefined, "a variable it lacks stays unset");
    stop();
    t.stop();
  });

  it("redacts secrets in config.get's raw, parsed and config; a save of that text keeps them", async () => {
    const t = await setup({
      file: '// mine\n{ gateway: { mode: "local", auth: { token: "gw-literal-secret-1" } },\n  channels: { telegram: { botToken: \'42:tg-literal\', webhookSecret: "wh-literal" } } }\n',
    });
    await t.owner.start();
    const view = configView(await t.owner.read(), "");
    for (const secret of ["gw-literal-secret-1", "42:tg-literal", "wh-literal"])
      assert.ok(!JSON.stringify(view).includes(secret), `${secret} in ${JSON.stringify(view)}`);
    assert.match(view.raw as string, /^\/\/ mine/, "the text keeps its comments");
    const edited = (view.raw as string).replace('mode: "local"', 'mode: "local", port: 7000');
    await t.owner.set(edited, view.hash as string, "ui");
    const text = readFileSync(t.file, "utf8");
    for (const secret of ["gw-literal-secret-1", "42:tg-literal", "wh-literal"])
      assert.ok(text.includes(secret), `${secret} kept: ${text}`);
    assert.ok(!text.includes(REDACTED_VALUE));
    await t.owner.patch(
      '{ channels: { telegram: { botToken: "__OPENCLAW_REDACTED__" } } }',
      t.owner.state.hash,
      "ui",
    );
    assert.ok(readFileSync(t.file, "utf8").includes("42:tg-literal"), "a patch keeps it too");
    await assert.rejects(
      t.owner.set(
        '{ gateway: { mode: "local" }, channels: { discord: { token: "__OPENCLAW_REDACTED__" } } }',
        t.owner.state.hash,
        "ui",
      ),
      /channels\.discord\.token is __OPENCLAW_REDACTED__ but the current file has no value/,
    );
    t.stop();
  });

  it("refuses a config over the server's max_payload once, without retrying; the previous file recovers", async () => {
    const small = '{ gateway: { mode: "local", port: 4100 } }';
    const t = await setup({ file: small });
    await t.owner.start();
    await until(() => t.live.current.gateway.port === 4100);
    const huge = `{ gateway: { mode: "local", port: 4200 }, futureKey: "${"x".repeat(1_200_000)}" }`;
    writeFileSync(t.file, huge);
    await until(() => t.lines.some((line) => line.includes("CONFIG_TOO_LARGE")));
    assert.ok(
      !t.lines.some((line) => /retrying/.test(line)),
      "a config too large for the server is not retried",
    );
    assert.equal(t.live.current.gateway.port, 4100, "the running config stays");
    await assert.rejects(t.owner.set(huge, (await t.owner.read()).hash, "ui"), (error: unknown) => {
      assert.ok(error instanceof GatewayError, String(error));
      assert.equal(error.details?.code, "CONFIG_TOO_LARGE");
      return true;
    });
    writeFileSync(t.file, small);
    await until(() => t.owner.state.hash !== "" && readFileSync(t.file, "utf8") === small);
    writeFileSync(t.file, '{ gateway: { mode: "local", port: 4300 } }');
    await until(() => t.live.current.gateway.port === 4300);
    assert.equal(t.lines.filter((line) => line.includes("CONFIG_TOO_LARGE")).length, 1);
    t.stop();
  });

  it("leaves no lock or temp files behind", async () => {
    const t = await setup({ file: '{ gateway: { mode: "local" } }' });
    await t.owner.start();
    await t.owner.set('{ gateway: { mode: "local", port: 6000 } }', t.owner.state.hash, "ui");
    assert.deepEqual(readdirSync(t.dir), ["openclaw.json"]);
    t.stop();
  });
});
